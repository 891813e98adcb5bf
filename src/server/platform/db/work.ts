import type { Engine, Store, Tx } from './database.js';
import { appendAuditEvents, type AuditChange } from '../../modules/audit/audit.store.js';

/** Who did something: a signed-in user, a system's API key, the customer, or Aftercare itself. */
export interface Actor {
  type: 'user' | 'api_key' | 'customer' | 'system';
  id: string | null;
  name: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: 'Aftercare' };

/**
 * One unit of work: a transaction, the actor on whose behalf it runs, and the audit events its
 * changes produced. The events are appended to the hash chain just before commit, so a change and
 * its audit record are committed together or not at all.
 */
export interface Work {
  tx: Tx;
  engine: Engine;
  actor: Actor;
  recordChange(change: AuditChange): void;
}

export async function inTransaction<T>(store: Store, actor: Actor, run: (work: Work) => Promise<T>): Promise<T> {
  const changes: AuditChange[] = [];
  const result = await store.transact(async (tx) => {
    const work: Work = { tx, engine: store.engine, actor, recordChange: (change) => changes.push(change) };
    const outcome = await run(work);
    if (changes.length > 0) await appendAuditEvents(tx, actor, changes);
    return outcome;
  });
  // Only now is the work committed: what caches answers may forget what it changed.
  if (changes.length > 0) for (const listener of committedListeners.get(store) ?? []) listener(changes);
  return result;
}

type CommittedListener = (changes: readonly AuditChange[]) => void;
const committedListeners = new WeakMap<Store, Set<CommittedListener>>();

/** Calls `listener` with the changes of every unit of work committed on this store by this process. */
export function onCommitted(store: Store, listener: CommittedListener): void {
  let listeners = committedListeners.get(store);
  if (!listeners) committedListeners.set(store, (listeners = new Set()));
  listeners.add(listener);
}
