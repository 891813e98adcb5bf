import { sql } from 'kysely';
import type { CaseSla, SlaClock } from '../../../shared/index.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { KpiDimensions, KpiFollowUpRow, KpiLoggingLagRow, KpiResolvedCaseRow, KpiSlaTargetRow } from '../../platform/db/schema.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import { beforeCommit, type Work } from '../../platform/db/work.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { scheduleJob } from '../../platform/jobs/jobs.js';
import { nowInstant } from '../../platform/ids.js';
import { decodeReason } from '../follow-ups/follow-ups.store.js';
import { isResponse } from '../sla/sla-clock.js';
import { onCaseSlaKept } from '../sla/case-sla.store.js';
import { bucketScopes, FOLLOW_UP_BUCKETS, followUpOutcome, isWaiting, loggingLagMinutes, minutesBucket, resolvedAtFirstContact, resolvedCaseBucket, SLA_OUTCOME_BUCKETS, slaTargetOutcomes, wasReopened } from './kpi-facts.js';
import { batches } from './loyalty.store.js';

/**
 * Keeps the KPI facts (kpi-facts.ts) in step with what they are derived from, in the same unit of
 * work: a case's resolutions, contacts and later cases on its order; its SLA clocks whenever the SLA
 * module keeps them; each interaction a person logs; each follow-up. Every refresh derives the
 * facts again from the source rows and writes only the difference, so running one twice, or the
 * rebuild job alongside the hooks, changes nothing.
 */

/** The measures counted per bucket, month and day (kpi_buckets), for figures over long periods of the whole desk or of one team, agent, channel or kind. */
export type BucketedMeasure = 'resolved_case' | 'sla_outcome' | 'first_response' | 'resolution' | 'logging_lag' | 'follow_up';

const toInstant = (at: string) => new Date(at).toISOString();
const dimensionsOf = (row: KpiDimensions): KpiDimensions => ({ team_id: row.team_id, assignee_id: row.assignee_id, channel: row.channel, kind: row.kind });
const sameRow = (a: object | undefined, b: object | undefined) => JSON.stringify(a) === JSON.stringify(b);

type BucketChange = { measure: BucketedMeasure; at: string; bucket: number; scopes: readonly string[]; n: 1 | -1 };

/** Adds (or takes away) facts to the bucket counts of their UTC month and day in each of their scopes, one upsert per row that moved. */
async function changeBuckets(tx: Tx, changes: readonly BucketChange[]): Promise<void> {
  if (changes.length === 0) return;
  const net = new Map<string, { measure: string; scope: string; grain: string; period: string; bucket: number; n: number }>();
  for (const change of changes) {
    for (const scope of change.scopes) {
      for (const [grain, period] of [
        ['month', change.at.slice(0, 7)],
        ['day', change.at.slice(0, 10)],
      ] as const) {
        const key = `${change.measure}|${scope}|${period}|${change.bucket}`;
        const entry = net.get(key);
        if (entry) entry.n += change.n;
        else net.set(key, { measure: change.measure, scope, grain, period, bucket: change.bucket, n: change.n });
      }
    }
  }
  const moved = [...net.values()].filter((entry) => entry.n !== 0);
  for (const chunk of batches(moved)) {
    await tx
      .insertInto('kpi_buckets')
      .values(chunk)
      .onConflict((conflict) => conflict.columns(['measure', 'scope', 'grain', 'period', 'bucket']).doUpdateSet((eb) => ({ n: eb('kpi_buckets.n', '+', eb.ref('excluded.n')) })))
      .execute();
  }
}

/**
 * Replaces the stored facts of some keys by the derived ones, writing only rows that differ, and
 * moves the bucket counts the rows count in.
 */
async function keepFacts<Row extends KpiDimensions>(
  tx: Tx,
  table: 'kpi_resolved_cases' | 'kpi_sla_targets' | 'kpi_logging_lags' | 'kpi_follow_ups',
  spec: {
    /** The primary key's columns, and the key of a row as text. */
    key: readonly string[];
    keyOf: (row: Row) => string;
    stored: readonly Row[];
    derived: readonly Row[];
    remove: (rows: Row[]) => Promise<void>;
    bucketsOf?: (row: Row) => Omit<BucketChange, 'n' | 'scopes'>[];
  },
): Promise<void> {
  const stored = new Map(spec.stored.map((row) => [spec.keyOf(row), row]));
  const derived = new Map(spec.derived.map((row) => [spec.keyOf(row), row]));
  const gone: Row[] = [];
  const added: Row[] = [];
  for (const [key, row] of stored) if (!sameRow(row, derived.get(key))) gone.push(row);
  for (const [key, row] of derived) if (!sameRow(row, stored.get(key))) added.push(row);
  const removed = gone.filter((row) => !derived.has(spec.keyOf(row)));
  if (removed.length) await spec.remove(removed);
  // A changed fact is replaced in one statement: an insert that updates the row already there.
  for (const chunk of batches(added)) {
    const replaced = Object.keys(chunk[0]!).filter((column) => !spec.key.includes(column));
    await tx
      .insertInto(table)
      .values(chunk as never)
      .onConflict((conflict) => conflict.columns(spec.key as never).doUpdateSet(Object.fromEntries(replaced.map((column) => [column, sql.ref(`excluded.${column}`)])) as never))
      .execute();
  }
  if (spec.bucketsOf) {
    const bucketsOf = spec.bucketsOf;
    const changesOf = (rows: Row[], n: BucketChange['n']) =>
      rows.flatMap((row) => {
        const scopes = bucketScopes(row);
        return bucketsOf(row).map((b): BucketChange => ({ ...b, scopes, n }));
      });
    await changeBuckets(tx, [...changesOf(gone, -1), ...changesOf(added, 1)]);
  }
}

/** The stored columns of a row, in the order the table has them, so stored and derived rows compare as text. */
function resolvedCaseRow(row: KpiResolvedCaseRow): KpiResolvedCaseRow {
  const { case_id, transaction_id, first_resolved_at, first_contact, reopened } = row;
  return { case_id, transaction_id, first_resolved_at, first_contact: Number(first_contact), reopened: Number(reopened), ...dimensionsOf(row) };
}

/** Derives again the resolved-case facts of these cases (and of earlier cases on the same orders, whose FCR a new case can undo). */
export async function refreshResolvedCases(tx: Tx, caseIds: readonly string[]): Promise<void> {
  for (const ids of batches(caseIds)) {
    const [cases, transitions, stored] = await Promise.all([
      tx.selectFrom('cases').select(['id', 'customer_id', 'transaction_id', 'opened_at', 'team_id', 'assignee_id', 'channel', 'kind']).where('id', 'in', ids).execute(),
      tx
        .selectFrom('case_transitions')
        .select(['case_id', 'to_status', 'event', 'at'])
        .where('case_id', 'in', ids)
        .where((eb) => eb.or([eb('to_status', '=', 'resolved'), eb('event', '=', 'reopen')]))
        .execute(),
      tx.selectFrom('kpi_resolved_cases').selectAll().where('case_id', 'in', ids).execute(),
    ]);
    const history = new Map<string, { resolvedAt: string[]; reopenedAt: string[]; inbound: number; handling: number }>();
    for (const t of transitions) {
      let entry = history.get(t.case_id);
      if (!entry) history.set(t.case_id, (entry = { resolvedAt: [], reopenedAt: [], inbound: 0, handling: 0 }));
      if (t.to_status === 'resolved') entry.resolvedAt.push(toInstant(t.at));
      if (t.event === 'reopen') entry.reopenedAt.push(toInstant(t.at));
    }
    const resolved = cases.filter((c) => history.get(c.id)?.resolvedAt.length);
    const resolvedIds = resolved.map((c) => c.id);
    const orderIds = [...new Set(resolved.flatMap((c) => (c.transaction_id ? [c.transaction_id] : [])))];
    const [contacts, siblings] = await Promise.all([
      resolvedIds.length
        ? tx
            .selectFrom('interactions')
            .select(['case_id', 'direction', 'author_type', 'marks_json', 'occurred_at'])
            .where('case_id', 'in', resolvedIds)
            .where('direction', 'in', ['inbound', 'outbound'])
            .execute()
        : Promise.resolve([]),
      orderIds.length ? tx.selectFrom('cases').select(['id', 'customer_id', 'transaction_id', 'opened_at']).where('transaction_id', 'in', orderIds).execute() : Promise.resolve([]),
    ]);
    for (const entry of history.values()) entry.resolvedAt.sort();
    for (const contact of contacts) {
      const entry = history.get(contact.case_id!)!;
      // The contacts it was resolved with: a later call to check on the customer does not undo its
      // FCR (their coming back about it reopens the case, or opens another on the order).
      if (toInstant(contact.occurred_at) > entry.resolvedAt[0]!) continue;
      const marks = JSON.parse(contact.marks_json) as string[];
      // The customer confirming it is resolved closes the first contact rather than making another.
      if (contact.direction === 'inbound') entry.inbound += marks.includes('resolution_confirmed') ? 0 : 1;
      // A reply by a person that reached the customer, as the SLA clocks count a response.
      else if (isResponse({ direction: contact.direction, authorType: contact.author_type, marks })) entry.handling++;
    }
    const derived = resolved.map((c): KpiResolvedCaseRow => {
      const entry = history.get(c.id)!;
      const firstResolvedAt = entry.resolvedAt[0]!;
      const nextCaseOpenedAt =
        siblings
          .filter((other) => other.id !== c.id && other.customer_id === c.customer_id && other.transaction_id === c.transaction_id)
          .map((other) => toInstant(other.opened_at))
          .filter((openedAt) => openedAt >= firstResolvedAt)
          .sort()[0] ?? null;
      const fact = { firstResolvedAt, reopenedAt: entry.reopenedAt, inboundContacts: entry.inbound, handlingContacts: entry.handling, nextCaseOpenedAt };
      return resolvedCaseRow({
        case_id: c.id,
        transaction_id: c.transaction_id,
        first_resolved_at: firstResolvedAt,
        first_contact: resolvedAtFirstContact(fact) ? 1 : 0,
        reopened: wasReopened(fact) ? 1 : 0,
        ...dimensionsOf(c),
      });
    });
    await keepFacts(tx, 'kpi_resolved_cases', {
      key: ['case_id'],
      keyOf: (row) => row.case_id,
      stored: stored.map(resolvedCaseRow),
      derived,
      remove: async (rows) => void (await tx.deleteFrom('kpi_resolved_cases').where('case_id', 'in', rows.map((row) => row.case_id)).execute()),
      bucketsOf: (row) => [{ measure: 'resolved_case', at: row.first_resolved_at, bucket: resolvedCaseBucket(row.first_contact === 1, row.reopened === 1) }],
    });
  }
}

// Every unit of work that changes a case asks these of one case or one order: compiled once.
const oneResolvedCase = compiledOnce((db, id: string) => db.selectFrom('kpi_resolved_cases').select('case_id').where('case_id', '=', id));
const resolvedOnOneOrder = compiledOnce((db, orderId: string) => db.selectFrom('kpi_resolved_cases').select('case_id').where('transaction_id', '=', orderId));

/** The cases kept as resolved on these orders: a case opened on the same order within 7 days of one's first resolution undoes its first contact resolution. */
async function resolvedCasesOnOrders(tx: Tx, orderIds: ReadonlySet<string>): Promise<string[]> {
  if (orderIds.size === 0) return [];
  const orders = [...orderIds];
  const kept = orders.length === 1 ? await resolvedOnOneOrder(tx, orders[0]!) : await tx.selectFrom('kpi_resolved_cases').select('case_id').where('transaction_id', 'in', orders).execute();
  return kept.map((row) => row.case_id);
}

/** The interactions entered by people and the follow-ups of these cases, which count under their case's team, channel and kind. */
async function partsOfCases(tx: Tx, caseIds: ReadonlySet<string>): Promise<{ interactionIds: string[]; followUpIds: string[] }> {
  if (caseIds.size === 0) return { interactionIds: [], followUpIds: [] };
  const ids = [...caseIds];
  const [interactions, followUps] = await Promise.all([
    tx.selectFrom('interactions').select('id').where('case_id', 'in', ids).where('author_type', '=', 'user').execute(),
    tx.selectFrom('follow_ups').select('id').where('case_id', 'in', ids).execute(),
  ]);
  return { interactionIds: interactions.map((row) => row.id), followUpIds: followUps.map((row) => row.id) };
}

function slaTargetRow(row: KpiSlaTargetRow): KpiSlaTargetRow {
  const { case_id, target, state, outcome_at, stopped_at, minutes, minutes_bucket } = row;
  return { case_id, target, state, outcome_at, stopped_at, minutes: minutes === null ? null : Number(minutes), minutes_bucket: minutes_bucket === null ? null : Number(minutes_bucket), ...dimensionsOf(row) };
}

function slaTargetBuckets(row: KpiSlaTargetRow): Omit<BucketChange, 'n' | 'scopes'>[] {
  const out: Omit<BucketChange, 'n' | 'scopes'>[] = [];
  if (row.state === 'met' || row.state === 'breached') out.push({ measure: 'sla_outcome', at: row.outcome_at, bucket: SLA_OUTCOME_BUCKETS[row.state] });
  if ((row.target === 'first_response' || row.target === 'resolution') && row.stopped_at !== null && row.minutes_bucket !== null) {
    out.push({ measure: row.target, at: row.stopped_at, bucket: row.minutes_bucket });
  }
  return out;
}

/** Keeps the SLA target facts of cases from the clocks they keep now (none when no policy applies). */
export async function keepSlaTargets(tx: Tx, cases: readonly { caseRow: KpiDimensions & { id: string }; clocks: readonly SlaClock[] }[]): Promise<void> {
  for (const chunk of batches(cases)) {
    const stored = await tx
      .selectFrom('kpi_sla_targets')
      .selectAll()
      .where('case_id', 'in', chunk.map((c) => c.caseRow.id))
      .execute();
    const derived = chunk.flatMap(({ caseRow, clocks }) =>
      slaTargetOutcomes(clocks).map((o) =>
        slaTargetRow({
          case_id: caseRow.id,
          target: o.target,
          state: o.state,
          outcome_at: toInstant(o.outcomeAt),
          stopped_at: o.stoppedAt && toInstant(o.stoppedAt),
          minutes: o.minutes,
          minutes_bucket: o.minutes === null ? null : minutesBucket(o.minutes),
          ...dimensionsOf(caseRow),
        }),
      ),
    );
    await keepFacts(tx, 'kpi_sla_targets', {
      key: ['case_id', 'target'],
      keyOf: (row) => `${row.case_id}|${row.target}`,
      stored: stored.map(slaTargetRow),
      derived,
      remove: async (rows) => {
        for (const row of rows) await tx.deleteFrom('kpi_sla_targets').where('case_id', '=', row.case_id).where('target', '=', row.target).execute();
      },
      bucketsOf: slaTargetBuckets,
    });
  }
}

function loggingLagRow(row: KpiLoggingLagRow): KpiLoggingLagRow {
  const { interaction_id, occurred_at, minutes, minutes_bucket } = row;
  return { interaction_id, occurred_at, minutes: Number(minutes), minutes_bucket: Number(minutes_bucket), ...dimensionsOf(row) };
}

/** Keeps the logging lag of these interactions, for those a person entered, under their case's team and kind. */
export async function refreshLoggingLags(tx: Tx, interactionIds: readonly string[]): Promise<void> {
  for (const ids of batches(interactionIds)) {
    const [rows, stored] = await Promise.all([
      tx
        .selectFrom('interactions')
        .leftJoin('cases', 'cases.id', 'interactions.case_id')
        .select(['interactions.id', 'interactions.author_type', 'interactions.occurred_at', 'interactions.logged_at', 'interactions.author_id', 'interactions.channel', 'cases.team_id', 'cases.kind'])
        // By id alone: with the author type in the query, SQLite would rather scan everything people entered.
        .where('interactions.id', 'in', ids)
        .execute(),
      tx.selectFrom('kpi_logging_lags').selectAll().where('interaction_id', 'in', ids).execute(),
    ]);
    const derived = rows.flatMap((row) => {
      if (row.author_type !== 'user') return [];
      const minutes = loggingLagMinutes(row.occurred_at, row.logged_at);
      const fact = loggingLagRow({
        interaction_id: row.id,
        occurred_at: toInstant(row.occurred_at),
        minutes,
        minutes_bucket: minutesBucket(minutes),
        team_id: row.team_id,
        // By who logged it and on which channel it happened.
        assignee_id: row.author_id,
        channel: row.channel,
        kind: row.kind,
      });
      return [fact];
    });
    await keepFacts(tx, 'kpi_logging_lags', {
      key: ['interaction_id'],
      keyOf: (row) => row.interaction_id,
      stored: stored.map(loggingLagRow),
      derived,
      remove: async (gone) => void (await tx.deleteFrom('kpi_logging_lags').where('interaction_id', 'in', gone.map((row) => row.interaction_id)).execute()),
      bucketsOf: (row) => [{ measure: 'logging_lag', at: row.occurred_at, bucket: row.minutes_bucket }],
    });
  }
}

function followUpRow(row: KpiFollowUpRow): KpiFollowUpRow {
  const { follow_up_id, due_at, outcome, grace_until, skip_code } = row;
  return { follow_up_id, due_at, outcome, grace_until, skip_code, ...dimensionsOf(row) };
}

/** Keeps how these follow-ups count; the agent is the follow-up's, the team, channel and kind its case's. */
const followUpSources = (db: Queryable) =>
  db
    .selectFrom('follow_ups')
    .leftJoin('cases', 'cases.id', 'follow_ups.case_id')
    .select((eb) => [
      'follow_ups.id',
      'follow_ups.due_at',
      'follow_ups.status',
      'follow_ups.done_at',
      'follow_ups.skip_reason',
      'follow_ups.assignee_id',
      'cases.team_id',
      'cases.channel',
      'cases.kind',
      // A message follow-up is done when its message is sent; a call when its outcome is recorded.
      eb.selectFrom('outbound_messages').select((m) => m.fn.min('outbound_messages.sent_at').as('sent_at')).whereRef('outbound_messages.follow_up_id', '=', 'follow_ups.id').as('sent_at'),
    ]);
// One follow-up changed, the usual unit of work as follow-ups are sent: both reads compiled once.
const oneFollowUpSource = compiledOnce((db, id: string) => followUpSources(db).where('follow_ups.id', '=', id));
const oneFollowUpFact = compiledOnce((db, id: string) => db.selectFrom('kpi_follow_ups').selectAll().where('follow_up_id', '=', id));

export async function refreshFollowUps(tx: Tx, followUpIds: readonly string[]): Promise<void> {
  for (const ids of batches(followUpIds)) {
    const [rows, stored] = await Promise.all(
      ids.length === 1
        ? [oneFollowUpSource(tx, ids[0]!), oneFollowUpFact(tx, ids[0]!)]
        : [followUpSources(tx).where('follow_ups.id', 'in', ids).execute(), tx.selectFrom('kpi_follow_ups').selectAll().where('follow_up_id', 'in', ids).execute()],
    );
    const derived = rows.flatMap((row) => {
      const counted = followUpOutcome({
        dueAt: row.due_at,
        status: row.status,
        doneAt: row.done_at ?? (row.sent_at as string | null),
        skipReason: decodeReason(row.skip_reason).code,
      });
      if (!counted) return [];
      return [
        followUpRow({
          follow_up_id: row.id,
          due_at: toInstant(row.due_at),
          outcome: counted.outcome,
          grace_until: counted.graceUntil,
          skip_code: counted.skipCode,
          team_id: row.team_id,
          assignee_id: row.assignee_id,
          channel: row.channel,
          kind: row.kind,
        }),
      ];
    });
    await keepFacts(tx, 'kpi_follow_ups', {
      key: ['follow_up_id'],
      keyOf: (row) => row.follow_up_id,
      stored: stored.map(followUpRow),
      derived,
      remove: async (gone) => void (await tx.deleteFrom('kpi_follow_ups').where('follow_up_id', 'in', gone.map((row) => row.follow_up_id)).execute()),
      // Waiting ones turn late as time passes and skipped ones count by reason: both are read from the facts.
      bucketsOf: (row) => (row.outcome === 'on_time' || row.outcome === 'late' ? [{ measure: 'follow_up', at: row.due_at, bucket: FOLLOW_UP_BUCKETS[row.outcome] }] : []),
    });
  }
}

onCaseSlaKept((work, caseRow, sla: CaseSla | null) => keepSlaTargets(work.tx, [{ caseRow, clocks: sla?.clocks ?? [] }]));

/** Of the cases a unit of work touched, those whose resolved-case facts may move: a resolution or reopening recorded, or facts already kept. */
async function casesToRefresh(tx: Tx, touched: ReadonlySet<string>, transitioned: ReadonlySet<string>): Promise<string[]> {
  const quiet = [...touched].filter((id) => !transitioned.has(id));
  const kept =
    quiet.length === 1 ? await oneResolvedCase(tx, quiet[0]!) : quiet.length ? await tx.selectFrom('kpi_resolved_cases').select('case_id').where('case_id', 'in', quiet).execute() : [];
  return [...transitioned, ...kept.map((row) => row.case_id)];
}

const countsAsContact = (row: Record<string, unknown>) =>
  row.direction === 'inbound' ||
  isResponse({ direction: String(row.direction), authorType: String(row.author_type), marks: JSON.parse(String(row.marks_json ?? '[]')) as string[] });

// What a case's other facts count under: a change to one of these moves its logged interactions and follow-ups.
const CASE_DIMENSIONS = ['team_id', 'channel', 'kind'];
const CASE_FACT_COLUMNS = [...CASE_DIMENSIONS, 'assignee_id', 'customer_id', 'transaction_id'];
// What a follow-up's fact is derived from (its sent message comes with a change of status).
const FOLLOW_UP_FACT_COLUMNS = ['status', 'due_at', 'done_at', 'skip_reason', 'assignee_id', 'case_id'];

beforeCommit(async (work, changes) => {
  const touched = new Set<string>();
  const transitioned = new Set<string>();
  const regrouped = new Set<string>();
  const orderIds = new Set<string>();
  const interactionIds = new Set<string>();
  const followUpIds = new Set<string>();
  for (const change of changes) {
    const caseId = typeof change.after.case_id === 'string' ? change.after.case_id : null;
    switch (change.entityType) {
      case 'cases':
        // Only what a resolved case's facts hold, or its order, moves them (not its status or subject:
        // its resolutions and reopenings come as transitions).
        if (change.action !== 'update' || CASE_FACT_COLUMNS.some((column) => column in change.after)) touched.add(change.entityId);
        // A case opened on an order, or linked to or away from one, moves the FCR of the cases on it.
        for (const orderId of [change.after.transaction_id, change.before?.transaction_id]) if (typeof orderId === 'string') orderIds.add(orderId);
        if (change.action === 'update' && CASE_DIMENSIONS.some((column) => column in change.after)) regrouped.add(change.entityId);
        break;
      case 'interactions':
        // A new entry by the customer or by Aftercare has no logging lag to keep; only a contact
        // FCR counts (the customer's, or a person's reply) can move its case's resolved facts.
        if (change.action !== 'create' || change.after.author_type === 'user') interactionIds.add(change.entityId);
        if (caseId && (change.action !== 'create' || countsAsContact(change.after))) touched.add(caseId);
        break;
      case 'case_transitions':
        if (caseId) (change.after.to_status === 'resolved' || change.after.event === 'reopen' ? transitioned : touched).add(caseId);
        break;
      case 'follow_ups': {
        const moved = FOLLOW_UP_FACT_COLUMNS.filter((column) => column in change.after);
        // Falling due (scheduled → due) leaves a follow-up waiting as it was: most of those sent.
        const fellDue = moved.length === 1 && moved[0] === 'status' && isWaiting(change.before?.status) && isWaiting(change.after.status);
        if (change.action !== 'update' || (moved.length > 0 && !fellDue)) followUpIds.add(change.entityId);
        break;
      }
    }
  }
  const caseIds = new Set([...(await casesToRefresh(work.tx, touched, transitioned)), ...(await resolvedCasesOnOrders(work.tx, orderIds))]);
  const parts = await partsOfCases(work.tx, regrouped);
  for (const id of parts.interactionIds) interactionIds.add(id);
  for (const id of parts.followUpIds) followUpIds.add(id);
  if (caseIds.size) await refreshResolvedCases(work.tx, [...caseIds]);
  if (interactionIds.size) await refreshLoggingLags(work.tx, [...interactionIds]);
  if (followUpIds.size) await refreshFollowUps(work.tx, [...followUpIds]);
});

const REBUILD_JOB = 'kpi.rebuild';
const REBUILD_KEY = 'kpi:rebuild';

/** Whether the rebuild has not finished (still to run, or failed), so figures may leave out data stored before the upgrade. */
export async function kpiFactsRebuilding(db: Queryable): Promise<boolean> {
  const job = await db.selectFrom('scheduled_jobs').select('state').where('key', '=', REBUILD_KEY).where('state', 'in', ['pending', 'failed']).executeTakeFirst();
  return job !== undefined;
}
/** Records derived per rebuild job: one job runs per pass of a worker (every second by default). */
export const REBUILD_BATCH = 2000;
type RebuildPhase = 'cases' | 'interactions' | 'follow_ups';
export interface RebuildCursor {
  phase: RebuildPhase;
  after: string | null;
}

/**
 * One batch of the rebuild of every KPI fact from what is stored (after an upgrade, or on demand):
 * cases (their resolutions and SLA clocks), then interactions, then follow-ups, in id order.
 * Returns where the next batch starts, or null when done.
 */
export async function rebuildKpiFactsBatch(work: Work, cursor: RebuildCursor, size = REBUILD_BATCH): Promise<RebuildCursor | null> {
  const tx = work.tx;
  const next = (ids: string[], following: RebuildPhase | null): RebuildCursor | null =>
    ids.length === size ? { phase: cursor.phase, after: ids.at(-1)! } : following && { phase: following, after: null };
  if (cursor.phase === 'cases') {
    let select = tx.selectFrom('cases').select(['id', 'sla_json', 'team_id', 'assignee_id', 'channel', 'kind']).orderBy('id').limit(size);
    if (cursor.after) select = select.where('id', '>', cursor.after);
    const cases = await select.execute();
    const ids = cases.map((c) => c.id);
    await refreshResolvedCases(tx, ids);
    await keepSlaTargets(
      tx,
      cases.map((caseRow) => ({ caseRow, clocks: caseRow.sla_json ? (JSON.parse(caseRow.sla_json) as CaseSla).clocks : [] })),
    );
    return next(ids, 'interactions');
  }
  if (cursor.phase === 'interactions') {
    // In id order through the primary key: refreshLoggingLags keeps only those a person entered.
    let select = tx.selectFrom('interactions').select('id').orderBy('id').limit(size);
    if (cursor.after) select = select.where('id', '>', cursor.after);
    const ids = (await select.execute()).map((row) => row.id);
    await refreshLoggingLags(tx, ids);
    return next(ids, 'follow_ups');
  }
  let select = tx.selectFrom('follow_ups').select('id').orderBy('id').limit(size);
  if (cursor.after) select = select.where('id', '>', cursor.after);
  const ids = (await select.execute()).map((row) => row.id);
  await refreshFollowUps(tx, ids);
  return next(ids, null);
}

// A batch per job, so a large desk is not rebuilt in one long transaction (about 0.3 s of a writer's
// time for 2,000 cases on SQLite); scheduled by migration 0007.
registerJobHandler(REBUILD_JOB, async (work, payload) => {
  const following = await rebuildKpiFactsBatch(work, payload as RebuildCursor);
  if (following) await scheduleJob(work.tx, { kind: REBUILD_JOB, key: REBUILD_KEY, runAt: nowInstant(), payload: following });
});
