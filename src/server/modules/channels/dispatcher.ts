import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ExpressionBuilder } from 'kysely';
import { updateAudited } from '../../platform/db/audited-writes.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable, Store } from '../../platform/db/database.js';
import { lockedForClaim } from '../../platform/db/engine.js';
import type { Database, OutboundMessageRow } from '../../platform/db/schema.js';
import { inTransaction, type Actor, type Work } from '../../platform/db/work.js';
import { pollPasses } from '../../platform/jobs/polling.js';
import { channelsConfigOf, type ChannelsConfig } from './channels-config.js';
import { ChannelUnavailableError, failureOutcome, reasonOf, type SendOutcome } from './send-rules.js';

export { ChannelUnavailableError, SendError } from './send-rules.js';

/** What a sender gets besides the message: this process's channel settings and a time limit. */
export interface SendContext {
  store: Store;
  channels: ChannelsConfig;
  /** Aborts when the send has used up its share of the claim; a sender stops and throws then. */
  signal: AbortSignal;
  /** How many sends this dispatcher has in flight at most: the size for a connection pool. */
  concurrency: number;
  /** Something kept while this dispatcher runs (an SMTP connection pool): made on first use, closed when it stops. */
  kept<T>(key: string, open: () => T, close: (value: T) => unknown): T;
}

/**
 * Sends one message over its channel; resolves once the other side has accepted it. A thrown
 * `SendError` says whether trying again can help; any other error counts as temporary.
 */
export type Sender = (message: OutboundMessageRow, context: SendContext) => Promise<{ providerRef?: string }>;

/** Looked at just before a message is sent: a reason cancels it (the case was closed, the customer opted out). */
export type SendCheck = (db: Queryable, message: OutboundMessageRow) => Promise<string | null>;

export interface SettledOutcome {
  state: 'sent' | 'failed' | 'cancelled';
  reason?: string;
}

/**
 * Called in the unit of work that records a message's final state, so what it writes (a
 * follow-up marked sent, the interaction logged on the case) commits with that state or not at all.
 * It writes through `work` only: opening another unit of work on the store would wait for this one.
 */
export type MessageSettledListener = (work: Work, message: OutboundMessageRow, outcome: SettledOutcome) => Promise<void>;

const senders = new Map<string, Sender>();
const sendChecks: SendCheck[] = [];
const settledListeners: MessageSettledListener[] = [];

/** Makes a channel sendable by the dispatchers of this process; modules register theirs when they load. */
export function registerSender(channel: string, sender: Sender): void {
  const registered = senders.get(channel);
  if (registered && registered !== sender) throw new Error(`a sender for channel "${channel}" is already registered`);
  senders.set(channel, sender);
}

export function registerSendCheck(check: SendCheck): void {
  if (!sendChecks.includes(check)) sendChecks.push(check);
}

export function onMessageSettled(listener: MessageSettledListener): void {
  if (!settledListeners.includes(listener)) settledListeners.push(listener);
}

export interface DispatcherOptions {
  /** Written to `locked_by` on the messages it claims; must differ between dispatchers. Default: host, process id and a random tag. */
  dispatcherId?: string;
  /** Time between passes, default 1000 ms. `Infinity`: no passes of its own, only those asked for with runDue(). */
  pollMs?: number;
  /** Messages claimed at a time, default 100. A pass claims again while batches come back full. */
  batchSize?: number;
  /** Sends in flight at once, default 10 (also the size of the SMTP connection pool). */
  concurrency?: number;
  /** How long a claim holds, default 60 s: the messages of a dispatcher that died are taken over after this. */
  leaseMs?: number;
  /** Tries before a message fails, default 10 (about five hours of retries). */
  maxAttempts?: number;
  /** The longest one send may take, default 20 s (at most half the lease). */
  sendTimeoutMs?: number;
  /** The clock, in milliseconds since the epoch; tests move it. */
  now?: () => number;
  /** The source of retry jitter, in [0, 1); tests may fix it. */
  random?: () => number;
}

export interface Dispatcher {
  /** Runs one pass now (after the one in progress): how many claimed messages it settled or put back for a retry. */
  runDue(): Promise<number>;
  /** Stops polling, waits for the pass in progress and closes what the senders kept open. */
  stop(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

// Once per message sent: compiled once. Returns the row only if the claim was still this dispatcher's.
const takeBackClaim = compiledOnce((db, id: string, dispatcherId: string) =>
  db
    .updateTable('outbound_messages')
    .set({ locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .where('locked_by', '=', dispatcherId)
    .returning('id'),
);

/** Queued, due at `at`, and not held by a live claim. */
function claimable(at: string) {
  return (eb: ExpressionBuilder<Database, 'outbound_messages'>) =>
    eb.and([eb('state', '=', 'queued'), eb('next_attempt_at', '<=', at), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)])]);
}

interface Result {
  claimed: OutboundMessageRow;
  outcome: SendOutcome;
}

/**
 * Sends the outbox. Each pass claims a batch of due messages under a lease (`locked_by` this
 * dispatcher until `locked_until`) in one short transaction, which also counts the try; runs the
 * send checks; sends outside any transaction, a few at a time; and records every result in one
 * unit of work, only where the claim is still its own.
 *
 * What this gives: a message is sent again only if its result was never recorded, which takes a
 * crash (or a lost store) between the other side accepting it and that commit; the repeat comes
 * after the lease, with the same Message-ID. A send starts only while its claim has time left for
 * the whole send (`sendTimeoutMs`, after which the sender is aborted) and for recording it, so no
 * other dispatcher can take the message over while it is in flight. A sender aborted (or timed
 * out) just as the other side accepted is the one other way to a repeat, again with the same
 * Message-ID. Counting the try when it is claimed bounds the repeats of a message that crashes its
 * dispatcher every time.
 */
export function startDispatcher(store: Store, options: DispatcherOptions = {}): Dispatcher {
  const dispatcherId = options.dispatcherId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const sendTimeoutMs = Math.min(options.sendTimeoutMs ?? 20_000, leaseMs / 2);
  // Room left at the end of a claim for recording the batch's results before the lease runs out.
  const recordMarginMs = Math.min(5_000, leaseMs / 10);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // The audit log says which dispatcher recorded each send: with several workers, which one sent it.
  const actor: Actor = { type: 'system', id: dispatcherId, name: 'Aftercare dispatcher' };

  const keptResources = new Map<string, { value: unknown; close: (value: unknown) => unknown }>();
  const kept = <T>(key: string, open: () => T, close: (value: T) => unknown): T => {
    let resource = keptResources.get(key);
    if (!resource) keptResources.set(key, (resource = { value: open(), close: close as (value: unknown) => unknown }));
    return resource.value as T;
  };


  async function claimDue(): Promise<{ rows: OutboundMessageRow[]; leaseEnd: number }> {
    const nowMs = now();
    const at = iso(nowMs);
    const leaseEnd = nowMs + leaseMs;
    // A plain read first, so an idle dispatcher never takes SQLite's write lock just to find nothing.
    const anyDue = await store.db.selectFrom('outbound_messages').select('id').where(claimable(at)).limit(1).executeTakeFirst();
    if (!anyDue) return { rows: [], leaseEnd };
    // The lease is bookkeeping, not a change of the message: it stays out of the audit log.
    const rows = await store.transact((tx) =>
      tx
        .updateTable('outbound_messages')
        .set((eb) => ({ locked_by: dispatcherId, locked_until: iso(leaseEnd), attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          lockedForClaim(
            store.engine,
            tx.selectFrom('outbound_messages').select('id').where(claimable(at)).orderBy('next_attempt_at').orderBy('id').limit(batchSize),
          ),
        )
        .returningAll()
        .execute(),
    );
    return { rows: rows.sort((a, b) => (a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : a.id < b.id ? -1 : 1)), leaseEnd };
  }

  /**
   * The send checks of a claimed batch, just before it goes out: read in one transaction, one
   * snapshot for the batch rather than a round of separate reads per message. A check that throws
   * counts as a failed try of its message only, which is retried later like any other.
   */
  async function cancellationReasons(rows: OutboundMessageRow[]): Promise<Map<string, string | Error>> {
    const reasons = new Map<string, string | Error>();
    if (sendChecks.length === 0) return reasons;
    await store.transact(async (tx) => {
      for (const message of rows) {
        try {
          for (const check of sendChecks) {
            const reason = await check(tx, message);
            if (reason) {
              reasons.set(message.id, reason);
              break;
            }
          }
        } catch (error) {
          reasons.set(message.id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    });
    return reasons;
  }

  /** The outcome of one claimed message, or null when it was left for a later claim. */
  async function attempt(message: OutboundMessageRow, leaseEnd: number, reason: string | Error | undefined): Promise<SendOutcome | null> {
    // Tries whose results never came back (the dispatcher died mid-send) count too: stop here.
    if (message.attempts > maxAttempts) return { state: 'failed', reason: `gave up after ${message.attempts - 1} tries whose results were never recorded (${message.last_error ?? 'no error was reported'})` };
    try {
      if (reason instanceof Error) throw reason;
      if (reason) return { state: 'cancelled', reason };
      // Too little of the claim is left for a whole send and the recording after it: another
      // dispatcher could take the message over before its result is in. Leave it for the next claim.
      if (now() + sendTimeoutMs + recordMarginMs > leaseEnd) return null;
      const sender = senders.get(message.channel);
      if (!sender) throw new ChannelUnavailableError(`no sender for channel "${message.channel}" in this process`);
      const sent = await sender(message, { store, channels: channelsConfigOf(store), signal: AbortSignal.timeout(sendTimeoutMs), concurrency, kept });
      return { state: 'sent', providerRef: sent.providerRef ?? null };
    } catch (error) {
      return failureOutcome(error, message.attempts, maxAttempts, now(), random);
    }
  }

  /**
   * Sends a batch a few at a time and records results while the rest are still being sent: a
   * flush writes everything that came back since the one before, in one unit of work. A crash
   * thus forgets only the sends in flight and those waiting for or in the flush under way, never
   * a whole batch; a lane waits while that many results are waiting, which keeps the window small.
   */
  async function sendAndRecord(rows: OutboundMessageRow[], leaseEnd: number): Promise<{ recorded: number; leftOver: OutboundMessageRow[] }> {
    const reasons = await cancellationReasons(rows);
    const leftOver: OutboundMessageRow[] = [];
    let waiting: Result[] = [];
    let recorded = 0;
    let flushing: Promise<void> | null = null;
    const flush = (): Promise<void> => {
      if (!flushing && waiting.length > 0) {
        const results = waiting;
        waiting = [];
        flushing = recordAll(results).then((count) => {
          recorded += count;
          flushing = null;
          return flush();
        });
      }
      return flushing ?? Promise.resolve();
    };
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const message = rows[next++]!;
        const outcome = await attempt(message, leaseEnd, reasons.get(message.id));
        if (!outcome) {
          leftOver.push(message);
          continue;
        }
        waiting.push({ claimed: message, outcome });
        const inFlush = flush();
        if (waiting.length >= concurrency) await inFlush;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    await flush();
    return { recorded, leftOver };
  }

  /** Records one result if the claim is still ours; false when it is not (nothing is written then). */
  async function record(work: Work, { claimed, outcome }: Result, notify: boolean): Promise<boolean> {
    const at = iso(now());
    // Taking the row back from the lease first makes the rest conditional on the claim: a message
    // retried, cancelled or taken over by another dispatcher since is not this one's to record.
    const [taken] = await takeBackClaim(work.tx, claimed.id, dispatcherId);
    if (!taken) return false;
    const before = { ...claimed, locked_by: null, locked_until: null };
    const after = await updateAudited(work, 'outbound_messages', before, patchFor(outcome, at));
    if (notify && outcome.state !== 'queued') {
      const settled: SettledOutcome = outcome.state === 'sent' ? { state: 'sent' } : { state: outcome.state, reason: outcome.reason };
      for (const listener of settledListeners) await listener(work, after, settled);
    }
    return true;
  }

  /**
   * All results in one unit of work, so a batch costs one commit. Should it fail (a listener threw),
   * each result is recorded in a unit of its own, so one message cannot hold back the others; one
   * whose listeners still fail is recorded without them, since sending it again would be worse.
   */
  async function recordAll(results: Result[]): Promise<number> {
    if (results.length === 0) return 0;
    try {
      return await inTransaction(store, actor, async (work) => {
        let recorded = 0;
        for (const result of results) if (await record(work, result, true)) recorded++;
        return recorded;
      });
    } catch {
      let recorded = 0;
      for (const result of results) {
        try {
          if (await inTransaction(store, actor, (work) => record(work, result, true))) recorded++;
        } catch (error) {
          console.error(`aftercare dispatcher: recording message ${result.claimed.id} failed; recorded without its listeners:`, error);
          const withReason = { ...result, outcome: withListenerFailure(result.outcome, reasonOf(error)) };
          if (await inTransaction(store, actor, (work) => record(work, withReason, false))) recorded++;
        }
      }
      return recorded;
    }
  }

  /** Gives back claims that were not used, and the try they counted. */
  async function release(rows: OutboundMessageRow[]): Promise<void> {
    if (rows.length === 0) return;
    await store.transact(async (tx) => {
      for (const row of rows) {
        await tx
          .updateTable('outbound_messages')
          .set({ locked_by: null, locked_until: null, attempts: row.attempts - 1 })
          .where('id', '=', row.id)
          .where('state', '=', 'queued')
          .where('locked_by', '=', dispatcherId)
          .execute();
      }
    });
  }

  async function pass(): Promise<number> {
    let handled = 0;
    while (!polling.stopped) {
      const { rows, leaseEnd } = await claimDue();
      if (rows.length === 0) break;
      const { recorded, leftOver } = await sendAndRecord(rows, leaseEnd);
      handled += recorded;
      await release(leftOver);
      if (rows.length < batchSize || leftOver.length > 0) break;
    }
    return handled;
  }

  const polling = pollPasses('dispatcher', pollMs, pass);
  return {
    runDue: polling.run,
    async stop() {
      await polling.stop();
      const resources = [...keptResources.values()];
      keptResources.clear();
      await Promise.all(resources.map((resource) => resource.close(resource.value)));
    },
  };
}

function patchFor(outcome: SendOutcome, at: string): Partial<OutboundMessageRow> {
  switch (outcome.state) {
    case 'sent':
      return { state: 'sent', sent_at: at, provider_ref: outcome.providerRef, last_error: outcome.note ?? null, updated_at: at };
    case 'failed':
    case 'cancelled':
      return { state: outcome.state, last_error: outcome.reason, updated_at: at };
    case 'queued':
      return { attempts: outcome.attempts, next_attempt_at: iso(outcome.retryAt), last_error: outcome.reason, updated_at: at };
  }
}

function withListenerFailure(outcome: SendOutcome, listenerError: string): SendOutcome {
  const note = `recorded without its follow-up effects, which failed: ${listenerError}`;
  if (outcome.state === 'sent') return { ...outcome, note };
  if (outcome.state === 'queued') return outcome;
  return { ...outcome, reason: `${outcome.reason} (${note})` };
}
