import type { Engine, Store, Tx } from './database.js';
import type { AuditChange } from '../../modules/audit/audit.store.js';

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
  /** The store the transaction belongs to, for what is kept per store (caches of settings). */
  store: Store;
  actor: Actor;
  recordChange(change: AuditChange): void;
  /**
   * Tells the process's caches that a row changed although nothing was audited: for data derived
   * from audited history (a case's SLA clocks), which is not itself audited.
   */
  markDerivedChange(entityType: string, entityId: string): void;
  /** Runs the before-commit hooks on the changes so far, for a caller that answers with what they derive. */
  settle(): Promise<void>;
}

export async function inTransaction<T>(store: Store, actor: Actor, run: (work: Work) => Promise<T>): Promise<T> {
  const changes: AuditChange[] = [];
  const derived: AuditChange[] = [];
  const result = await store.transact(async (tx, audit) => {
    const work: Work = {
      tx,
      engine: store.engine,
      store,
      actor,
      recordChange: (change) => changes.push(change),
      markDerivedChange: (entityType, entityId) => derived.push({ action: 'update', entityType, entityId, before: null, after: {} }),
      // Each change goes through the hooks once; changes the hooks make go through them in turn.
      settle: async () => {
        while (settled < changes.length) {
          const batch = changes.slice(settled);
          settled = changes.length;
          for (const hook of beforeCommitHooks) await hook(work, batch);
        }
      },
    };
    let settled = 0;
    const outcome = await run(work);
    await work.settle();
    if (changes.length > 0) audit({ actor, changes });
    return outcome;
  });
  // Only now is the work committed: what caches answers may forget what it changed.
  const committed = derived.length > 0 ? [...changes, ...derived] : changes;
  if (committed.length > 0) for (const listener of committedListeners.get(store) ?? []) listener(committed);
  return result;
}

type BeforeCommitHook = (work: Work, changes: readonly AuditChange[]) => Promise<void>;
const beforeCommitHooks: BeforeCommitHook[] = [];

/**
 * Runs `hook` at the end of every unit of work that changed something, inside its transaction:
 * for what is derived from the changes (a case's SLA clocks) and must commit with them.
 */
export function beforeCommit(hook: BeforeCommitHook): void {
  if (!beforeCommitHooks.includes(hook)) beforeCommitHooks.push(hook);
}

type CommittedListener = (changes: readonly AuditChange[]) => void;
const committedListeners = new WeakMap<Store, Set<CommittedListener>>();

/** Calls `listener` with the changes of every unit of work committed on this store by this process. */
export function onCommitted(store: Store, listener: CommittedListener): void {
  let listeners = committedListeners.get(store);
  if (!listeners) committedListeners.set(store, (listeners = new Set()));
  listeners.add(listener);
}
