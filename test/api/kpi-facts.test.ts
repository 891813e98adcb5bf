import { type Kysely, Migrator, type Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKpiFactsBatch, REBUILD_BATCH, type RebuildCursor } from '../../src/server/modules/analytics/kpi-facts.store.js';
import { kpiReport } from '../../src/server/modules/analytics/kpi.store.js';
import { insertAudited, updateAudited } from '../../src/server/platform/db/audited-writes.js';
import { openStore, type Db } from '../../src/server/platform/db/database.js';
import { migrateToLatest } from '../../src/server/platform/db/migrate.js';
import { migrations } from '../../src/server/platform/db/migrations/index.js';
import type { CaseRow } from '../../src/server/platform/db/schema.js';
import type { SlaClock } from '../../src/shared/index.js';
import { inTransaction, SYSTEM_ACTOR, type Work } from '../../src/server/platform/db/work.js';
import { newId } from '../../src/server/platform/ids.js';
import { jobHandlers } from '../../src/server/platform/jobs/handlers.js';
import { startWorker, type JobWorker } from '../../src/server/platform/jobs/worker.js';
import { aCustomer, anOrder } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { insertFollowUp } from '../support/store-rows.js';
import { ENGINES, freshStoreLocation } from '../support/stores.js';

/*
 * The KPI facts behind the dashboard (issue #6): figures read from per-month and per-day bucket
 * counts and from facts must equal a plain count, or a plain sort, of every value; the facts must
 * follow each later change to what they come from; and the rebuild job must arrive at the very
 * rows the units of work kept.
 */

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SEPTEMBER_MS = Date.parse('2026-09-01T00:00:00Z');
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));
const iso = (ms: number) => new Date(ms).toISOString();

type Figure = { name: string; value: number | null; numerator: number | null; denominator: number };

/** A small seeded generator (mulberry32), so a failure reproduces with the same data. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [low, high). */
    between: (low: number, high: number) => low + Math.floor(next() * (high - low)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The median and p90 as a manager expects them: sorted values, linear between the nearest ranks, to 2 decimals. */
function naivePercentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return null;
    const rank = (sorted.length - 1) * p;
    const low = Math.floor(rank);
    const high = Math.min(low + 1, sorted.length - 1);
    return round2(sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!));
  };
  return { median: at(0.5), p90: at(0.9), n: sorted.length };
}

/**
 * When a clock of `targetMs` started at `startMs` and running until `endMs` (never stopped: for
 * ever) falls due, not running during `holds`: the instant its running time first exceeds the
 * target; null when it never does.
 */
function dueAt(startMs: number, targetMs: number, holds: readonly [number, number][], endMs = Infinity): number | null {
  let used = 0;
  let from = startMs;
  for (const [a, b] of [...holds, [endMs, endMs] as [number, number]]) {
    if (used + (a - from) > targetMs) return from + (targetMs - used);
    used += a - from;
    from = b;
  }
  return null;
}

/** One interaction as inserted, with what its logging lag is filtered by. */
interface Logged {
  id: string;
  caseId: string;
  customerId: string;
  direction: 'inbound' | 'outbound' | 'internal';
  authorType: 'user' | 'customer' | 'system';
  authorId: string | null;
  channel: string;
  occurredMs: number;
  loggedMs: number;
  marks: string[];
}

/** A complaint under the SLA policy, with the instants its first response and resolution times come from. */
interface SlaCasePlan {
  id: string;
  number: string;
  customerId: string;
  channel: string;
  teamId: string | null;
  assigneeId: string | null;
  openedMs: number;
  /** Its first reply that reached the customer. */
  replyMs: number | null;
  contacts: Logged[];
  transitions: { event: string; from: string; to: string; atMs: number }[];
  status: string;
  /** When its resolution clock stopped (the last time it entered resolved) and the business minutes used. */
  resolution: { stopMs: number; minutes: number } | null;
  firstResolvedMs: number | null;
  reopened: boolean;
  /** When it sat resolved before a reopening: its SLA clocks do not run then. */
  holds: [number, number][];
}

interface QueryCasePlan {
  id: string;
  number: string;
  customerId: string;
  channel: string;
  teamId: string | null;
  assigneeId: string | null;
}

const caseRow = (plan: { id: string; number: string; customerId: string; channel: string; teamId: string | null; assigneeId: string | null }, kind: string, openedAt: string, extra: { transactionId?: string | null } = {}) => ({
  id: plan.id,
  number: plan.number,
  customer_id: plan.customerId,
  transaction_id: extra.transactionId ?? null,
  kind,
  subject: `Case ${plan.number}`,
  priority: 'normal',
  channel: plan.channel,
  status: 'new',
  team_id: plan.teamId,
  assignee_id: plan.assigneeId,
  opened_at: openedAt,
  created_at: openedAt,
  updated_at: openedAt,
});

const contactRow = (contact: Logged) => ({
  id: contact.id,
  case_id: contact.caseId,
  customer_id: contact.customerId,
  channel: contact.channel,
  direction: contact.direction,
  author_type: contact.authorType,
  author_id: contact.authorId,
  author_name: contact.authorType === 'user' ? 'Test staff' : null,
  body: 'About the kettle',
  occurred_at: iso(contact.occurredMs),
  logged_at: iso(contact.loggedMs),
  marks_json: JSON.stringify(contact.marks),
});

const insertContact = (work: Work, contact: Logged) => insertAudited(work, 'interactions', contactRow(contact));

const stepRow = (caseId: string, step: { event: string; from: string; to: string; atMs: number }) => ({
  id: newId('trn'),
  case_id: caseId,
  event: step.event,
  from_status: step.from,
  to_status: step.to,
  reason: '',
  actor_type: 'user',
  actor_id: null,
  actor_name: 'Test staff',
  at: iso(step.atMs),
});

const insertStep = (work: Work, caseId: string, step: { event: string; from: string; to: string; atMs: number }) => insertAudited(work, 'case_transitions', stepRow(caseId, step));

async function setStatus(work: Work, caseId: string, status: string, atMs: number): Promise<void> {
  const before = await work.tx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  await updateAudited(work, 'cases', before, { status, updated_at: iso(atMs) });
}

/** Every row of the KPI fact tables, and the bucket counts that count something, in a stable order. */
async function factRows(db: Db) {
  return {
    kpi_resolved_cases: await db.selectFrom('kpi_resolved_cases').selectAll().orderBy('case_id').execute(),
    kpi_sla_targets: await db.selectFrom('kpi_sla_targets').selectAll().orderBy('case_id').orderBy('target').execute(),
    kpi_logging_lags: await db.selectFrom('kpi_logging_lags').selectAll().orderBy('interaction_id').execute(),
    kpi_follow_ups: await db.selectFrom('kpi_follow_ups').selectAll().orderBy('follow_up_id').execute(),
    kpi_buckets: await db.selectFrom('kpi_buckets').selectAll().where('n', '<>', 0).orderBy('measure').orderBy('scope').orderBy('grain').orderBy('period').orderBy('bucket').execute(),
  };
}


/** The kpi.rebuild job as migration 0007 schedules it on a store that already holds data. */
function rebuildJobAsMigrated() {
  const now = new Date().toISOString();
  return { id: 'job_kpi_facts_rebuild', kind: 'kpi.rebuild', key: 'kpi:rebuild', run_at: now, state: 'pending', attempts: 0, payload_json: '{"phase":"cases","after":null}', created_at: now, updated_at: now };
}

const pendingRebuild = (db: Db) => db.selectFrom('scheduled_jobs').select('payload_json').where('key', '=', 'kpi:rebuild').where('state', '=', 'pending').executeTakeFirst();

/**
 * The cursors the jobs of a rebuild start from, one job per batch of REBUILD_BATCH in id order (as the store
 * sorts them) through cases, interactions and follow-ups; a full last batch is followed by an empty one.
 */
async function rebuildCursorsOver(db: Db): Promise<RebuildCursor[]> {
  const cursors: RebuildCursor[] = [];
  for (const phase of ['cases', 'interactions', 'follow_ups'] as const) {
    const ids = (await db.selectFrom(phase).select('id').orderBy('id').execute()).map((row) => row.id);
    cursors.push({ phase, after: null });
    for (let end = REBUILD_BATCH; end <= ids.length; end += REBUILD_BATCH) cursors.push({ phase, after: ids[end - 1]! });
  }
  return cursors;
}

/**
 * Runs the worker a pass at a time until no kpi.rebuild job is pending, as the worker process does
 * once a second, checking before each pass that the report says the rebuild is going on; returns
 * the cursors the jobs ran from.
 */
async function rebuildAsTheWorkerDoes(db: Db, worker: JobWorker, reportsRebuilding: () => Promise<boolean>): Promise<RebuildCursor[]> {
  const cursors: RebuildCursor[] = [];
  for (let pending = await pendingRebuild(db); pending; pending = await pendingRebuild(db)) {
    if (cursors.length > 100) throw new Error(`the rebuild does not finish: still pending from ${pending.payload_json}`);
    cursors.push(JSON.parse(pending.payload_json) as RebuildCursor);
    expect(await reportsRebuilding(), `rebuilding reported while the job from ${pending.payload_json} is pending`).toBe(true);
    expect(await worker.runDueJobs(), `jobs run by the pass from ${pending.payload_json}`).toBe(1);
  }
  return cursors;
}

/** A logging lag as desks have them: many at once, ties, fractions of a second, and some of hours or days. */
function aLagMs(random: ReturnType<typeof seeded>): number {
  const r = random.next();
  if (r < 0.25) return 0;
  if (r < 0.35) return random.pick([1, 250, 500, 999]);
  if (r < 0.5) return random.chance(0.5) ? random.pick([1_000, 1_500, 31_000, 31_999, 32_000, 45_000]) : random.between(1_000, 64_000);
  if (r < 0.68) return random.pick([1, 2, 5, 10, 15, 30]) * MINUTE_MS;
  if (r < 0.84) return random.between(MINUTE_MS, 2 * HOUR_MS);
  if (r < 0.95) return random.between(2 * HOUR_MS, DAY_MS);
  return random.between(DAY_MS, 3 * DAY_MS);
}

/** Instants the periods below start or end at, where facts on either side of a boundary must fall right. */
const BOUNDARY_INSTANTS = [
  '2026-09-02T00:00:00.000Z',
  '2026-09-02T13:17:00.000Z',
  '2026-09-03T00:00:00.000Z',
  '2026-09-04T18:30:00.000Z',
  '2026-09-05T08:00:00.000Z',
  '2026-09-05T17:30:00.000Z',
  '2026-09-06T22:00:00.000Z',
  '2026-09-07T00:00:00.000Z',
  '2026-09-07T12:00:00.000Z',
  '2026-09-08T06:45:30.000Z',
  '2026-09-08T23:59:59.999Z',
  '2026-09-09T00:00:00.000Z',
].map((at) => Date.parse(at));

/** Periods of whole UTC days and months (from the bucket counts), with part days (from the facts), and inside one day. */
const PERIODS: Record<string, [string, string]> = {
  'the whole of September': ['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z'],
  'whole days 2–8 September': ['2026-09-02T00:00:00Z', '2026-09-09T00:00:00Z'],
  'from mid-day to mid-day': ['2026-09-02T13:17:00Z', '2026-09-08T06:45:30Z'],
  'from midnight to mid-day': ['2026-09-03T00:00:00Z', '2026-09-07T12:00:00Z'],
  'from mid-day to midnight': ['2026-09-04T18:30:00Z', '2026-09-09T00:00:00Z'],
  'inside one day': ['2026-09-05T08:00:00Z', '2026-09-05T17:30:00Z'],
  'across one midnight': ['2026-09-06T22:00:00Z', '2026-09-07T12:00:00Z'],
  'a whole month with part and whole days either side': ['2026-08-30T12:00:00Z', '2026-10-01T06:00:00Z'],
};

describe.each(ENGINES)('KPI facts on %s', (engine) => {
  let server: TestServer;
  let teamA: string;
  let teamB: string;
  let agent: string;
  let supervisor: string;
  const slaCases: SlaCasePlan[] = [];
  const contacts: Logged[] = [];
  const caseDimensions = new Map<string, { teamId: string | null; kind: string }>();

  const kpis = async (from: string, to: string, filter = '') => {
    const response = await server.api('GET', `/api/analytics/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${filter}`, undefined, { as: 'manager' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return Object.fromEntries((response.body.kpis as Figure[]).map((k) => [k.name, k])) as Record<string, Figure>;
  };
  const reported = (k: Record<string, Figure>, median: string, p90: string) => ({ median: k[median]!.value, p90: k[p90]!.value, n: k[median]!.denominator });

  beforeAll(async () => {
    server = await startTestServer(engine);
    teamA = (await server.api('POST', '/api/teams', { name: 'Kettles' }, { as: 'manager' })).body.id;
    teamB = (await server.api('POST', '/api/teams', { name: 'Toasters' }, { as: 'manager' })).body.id;
    agent = server.users.agent.id;
    supervisor = server.users.supervisor.id;
    const calendar = (await server.api('POST', '/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK }, { as: 'supervisor' })).body;
    // Complaints only, round the clock: business minutes are wall-clock minutes, and the query
    // cases carrying most of the logging lags keep no clocks.
    const policy = await server.api(
      'POST',
      '/api/sla/policies',
      { name: 'Complaints', calendarId: calendar.id, match: { kinds: ['complaint'] }, firstResponseMinutes: 60, resolutionMinutes: 1440 },
      { as: 'supervisor' },
    );
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const customers: string[] = [];
    for (let i = 0; i < 5; i++) customers.push((await aCustomer(server, { language: 'en' })).id);

    const random = seeded(20260901);
    const staff = () => random.pick([agent, agent, supervisor]);
    const contact = (row: Omit<Logged, 'id' | 'loggedMs' | 'marks'> & { loggedMs?: number; marks?: string[] }): Logged => {
      const logged: Logged = {
        ...row,
        id: newId('int'),
        loggedMs: row.loggedMs ?? row.occurredMs + aLagMs(random),
        marks: row.marks ?? [],
      };
      contacts.push(logged);
      return logged;
    };

    for (let i = 0; i < 160; i++) {
      const plan: SlaCasePlan = {
        id: newId('cas'),
        number: `S-${i + 1}`,
        customerId: random.pick(customers),
        channel: random.pick(['email', 'phone', 'chat']),
        teamId: random.pick([teamA, teamB, null]),
        assigneeId: random.pick([agent, supervisor, null]),
        openedMs: SEPTEMBER_MS + random.between(0, (9 * DAY_MS) / SECOND_MS) * SECOND_MS,
        replyMs: null,
        contacts: [],
        transitions: [],
        status: 'new',
        resolution: null,
        firstResolvedMs: null,
        reopened: false,
        holds: [],
      };
      const about = { caseId: plan.id, customerId: plan.customerId, channel: plan.channel };
      // Times in whole seconds: minutes rounded to 2 decimals then never sit on a rounding tie.
      const later = (fromMs: number, upToMs: number) => fromMs + random.between(0, upToMs / SECOND_MS) * SECOND_MS;
      plan.contacts.push(contact({ ...about, direction: 'inbound', authorType: 'customer', authorId: null, occurredMs: plan.openedMs, loggedMs: plan.openedMs + random.between(0, 5_000) }));
      if (random.chance(0.85)) {
        const delaySeconds = random.chance(0.1) ? 0 : random.chance(0.3) ? random.pick([30, 60, 300, 600, 1800, 3600, 3660]) : random.between(1, (3 * DAY_MS) / SECOND_MS);
        plan.replyMs = plan.openedMs + delaySeconds * SECOND_MS;
        // A call that reached nobody is logged by a person but is no response.
        if (random.chance(0.1)) {
          plan.contacts.push(contact({ ...about, direction: 'outbound', authorType: 'user', authorId: staff(), occurredMs: later(plan.openedMs, plan.replyMs - plan.openedMs), marks: ['failed_attempt'] }));
        }
        plan.contacts.push(contact({ ...about, direction: 'outbound', authorType: 'user', authorId: staff(), occurredMs: plan.replyMs }));
        if (random.chance(0.1)) plan.contacts.push(contact({ ...about, direction: 'outbound', authorType: 'user', authorId: staff(), occurredMs: later(plan.replyMs + SECOND_MS, DAY_MS) }));
      }
      if (random.chance(0.3)) plan.contacts.push(contact({ ...about, direction: 'internal', authorType: 'user', authorId: staff(), occurredMs: later(plan.openedMs, 2 * DAY_MS) }));
      if (random.chance(0.2)) plan.contacts.push(contact({ ...about, direction: 'inbound', authorType: 'customer', authorId: null, occurredMs: later(plan.openedMs + SECOND_MS, 2 * DAY_MS) }));
      if (random.chance(0.05)) plan.contacts.push(contact({ ...about, direction: 'outbound', authorType: 'system', authorId: null, occurredMs: plan.openedMs }));
      if (random.chance(0.7)) {
        const firstMs = later((plan.replyMs ?? plan.openedMs) + MINUTE_MS, 2 * DAY_MS);
        plan.transitions.push({ event: 'close', from: 'investigating', to: 'resolved', atMs: firstMs });
        plan.firstResolvedMs = firstMs;
        plan.status = 'resolved';
        plan.resolution = { stopMs: firstMs, minutes: round2((firstMs - plan.openedMs) / MINUTE_MS) };
        if (random.chance(0.2)) {
          const reopenMs = later(firstMs + SECOND_MS, DAY_MS);
          plan.transitions.push({ event: 'reopen', from: 'resolved', to: 'investigating', atMs: reopenMs });
          plan.reopened = true;
          plan.holds.push([firstMs, reopenMs]);
          plan.status = 'investigating';
          plan.resolution = null;
          if (random.chance(0.8)) {
            const againMs = later(reopenMs + SECOND_MS, DAY_MS);
            plan.transitions.push({ event: 'close', from: 'investigating', to: 'resolved', atMs: againMs });
            plan.status = 'resolved';
            // The time it sat resolved before the reopening is not counted.
            plan.resolution = { stopMs: againMs, minutes: round2((againMs - plan.openedMs - (reopenMs - firstMs)) / MINUTE_MS) };
          }
        }
      } else if (plan.replyMs !== null) {
        plan.status = 'investigating';
      }
      slaCases.push(plan);
      caseDimensions.set(plan.id, { teamId: plan.teamId, kind: 'complaint' });
    }

    // Each complaint opens with the customer's message in one unit of work, and the rest of its
    // story comes in a later one, grouped differently: every fact is refreshed more than once.
    for (let start = 0; start < slaCases.length; start += 40) {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        for (const plan of slaCases.slice(start, start + 40)) {
          await insertAudited(work, 'cases', caseRow(plan, 'complaint', iso(plan.openedMs)));
          await insertContact(work, plan.contacts[0]!);
        }
      });
    }
    const reshuffled = slaCases.map((plan, i) => ({ plan, i })).sort((a, b) => a.i % 4 - b.i % 4 || a.i - b.i).map(({ plan }) => plan);
    for (let start = 0; start < reshuffled.length; start += 50) {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        for (const plan of reshuffled.slice(start, start + 50)) {
          for (const logged of plan.contacts.slice(1)) await insertContact(work, logged);
          for (const step of plan.transitions) await insertStep(work, plan.id, step);
          if (plan.status !== 'new') await setStatus(work, plan.id, plan.status, plan.transitions.at(-1)?.atMs ?? plan.replyMs!);
        }
      });
    }

    // Queries (no SLA) carrying most of the logging lags, spread over ten days.
    const queryCases: QueryCasePlan[] = Array.from({ length: 24 }, (_, i) => ({
      id: newId('cas'),
      number: `Q-${i + 1}`,
      customerId: random.pick(customers),
      channel: random.pick(['email', 'phone', 'chat']),
      teamId: random.pick([teamA, teamB, null]),
      assigneeId: random.pick([agent, supervisor, null]),
    }));
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      for (const plan of queryCases) {
        await insertAudited(work, 'cases', caseRow(plan, 'query', '2026-08-31T00:00:00.000Z'));
        caseDimensions.set(plan.id, { teamId: plan.teamId, kind: 'query' });
      }
    });
    for (let unit = 0; unit < 5; unit++) {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        for (let i = 0; i < 330; i++) {
          const plan = random.pick(queryCases);
          const direction = random.pick(['inbound', 'outbound', 'outbound', 'internal'] as const);
          const authorType = direction === 'inbound' ? (random.chance(0.3) ? 'user' : 'customer') : random.chance(0.95) ? 'user' : 'system';
          const occurredMs = random.chance(0.05) ? random.pick(BOUNDARY_INSTANTS) : SEPTEMBER_MS + random.between(0, 10 * DAY_MS);
          await insertContact(
            work,
            contact({
              caseId: plan.id,
              customerId: plan.customerId,
              channel: random.chance(0.7) ? plan.channel : random.pick(['email', 'phone', 'chat']),
              direction,
              authorType,
              authorId: authorType === 'user' ? staff() : null,
              occurredMs,
            }),
          );
        }
      });
    }

    // Follow-ups, for the rebuild to derive again.
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      for (let i = 0; i < 24; i++) {
        const plan = random.pick(slaCases);
        const dueMs = SEPTEMBER_MS + random.between(0, (10 * DAY_MS) / MINUTE_MS) * MINUTE_MS;
        const status = random.pick(['done', 'done', 'failed', 'skipped', 'scheduled', 'cancelled']);
        await insertFollowUp(work, {
          customerId: plan.customerId,
          caseId: plan.id,
          purpose: 'check_in',
          channel: 'phone',
          assigneeId: random.pick([agent, supervisor]),
          status,
          dueAt: iso(dueMs),
          createdAt: '2026-08-31T00:00:00.000Z',
          doneAt: status === 'done' ? iso(dueMs + random.pick([10, 50, 90]) * MINUTE_MS) : null,
          skipReason: status === 'skipped' ? 'opted_out: the customer opted out of calls' : null,
        });
      }
    });
  }, 300_000);
  afterAll(() => server?.close());

  it('schedules the rebuild (migration 0007) on a store upgraded with data, not on a new one', async () => {
    // The test server's store was made empty at the latest version: there is nothing to rebuild.
    expect(await server.store.db.selectFrom('scheduled_jobs').selectAll().where('kind', '=', 'kpi.rebuild').execute()).toEqual([]);

    const store = openStore(await freshStoreLocation(engine));
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      const upTo0006 = await migrator.migrateTo('0006-analytics');
      expect(upTo0006.error).toBeUndefined();
      // A desk from before the upgrade: one case, and a call an agent logged 90 seconds late.
      const at = '2026-09-03T10:00:00.000Z';
      const customerId = newId('cus');
      const caseId = newId('cas');
      const interactionId = newId('int');
      await store.db.insertInto('customers').values({ id: customerId, name: 'Ada', email: null, phone: null, timezone: 'UTC', language: 'en', tier: 'standard', external_ref: null, created_at: at, updated_at: at }).execute();
      await store.db.insertInto('cases').values(caseRow({ id: caseId, number: 'OLD-1', customerId, channel: 'phone', teamId: null, assigneeId: null }, 'query', at)).execute();
      await store.db
        .insertInto('interactions')
        .values({ id: interactionId, case_id: caseId, customer_id: customerId, channel: 'phone', direction: 'inbound', author_type: 'user', author_id: null, author_name: 'Old agent', body: 'Called', occurred_at: at, logged_at: '2026-09-03T10:01:30.000Z', marks_json: '[]' })
        .execute();
      await migrateToLatest(store.db);

      const jobs = await store.db.selectFrom('scheduled_jobs').selectAll().where('kind', '=', 'kpi.rebuild').execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ key: 'kpi:rebuild', state: 'pending' });
      // What the job runs, from the cursor it was scheduled with.
      let cursor = JSON.parse(jobs[0]!.payload_json) as RebuildCursor | null;
      expect(cursor).toEqual({ phase: 'cases', after: null });
      while (cursor) {
        const from: RebuildCursor = cursor;
        cursor = await inTransaction(store, SYSTEM_ACTOR, (work) => rebuildKpiFactsBatch(work, from));
      }
      expect(await store.db.selectFrom('kpi_logging_lags').select(['interaction_id', 'minutes']).execute()).toEqual([{ interaction_id: interactionId, minutes: 1.5 }]);
    } finally {
      await store.close();
    }
  });

  it('reports no rebuild going on for a store made at the latest version', async () => {
    const response = await server.api('GET', '/api/analytics/kpis?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z', undefined, { as: 'manager' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.rebuilding).toBe(false);
  });

  it('has the worker rebuild the facts of a store upgraded with data, a batch per job, reported as rebuilding until the last batch', async () => {
    const store = openStore(await freshStoreLocation(engine));
    const worker = startWorker(store, jobHandlers(), { pollMs: Infinity });
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0006-analytics')).error).toBeUndefined();
      // A desk from before the upgrade, in September: two complaints answered and resolved under an
      // SLA, the first confirmed by the customer, the second written about again after the
      // confirmation; a query with more contacts entered by people than one batch of the rebuild
      // holds; a check-in done on time.
      const customerId = newId('cus');
      const at = '2026-09-01T00:00:00.000Z';
      await store.db.insertInto('customers').values({ id: customerId, name: 'Ada', email: null, phone: null, timezone: 'UTC', language: 'en', tier: 'standard', external_ref: null, created_at: at, updated_at: at }).execute();
      const clock = (target: SlaClock['target'], targetMinutes: number, startMs: number, state: 'met' | 'breached', usedMinutes: number): SlaClock => ({
        target,
        targetMinutes,
        state,
        startedAt: iso(startMs),
        dueAt: iso(startMs + targetMinutes * MINUTE_MS),
        warnAt: null,
        stoppedAt: iso(startMs + usedMinutes * MINUTE_MS),
        businessMinutesUsed: usedMinutes,
      });
      const complaints = [
        { number: 'OLD-1', openedMs: Date.parse('2026-09-03T09:00:00Z'), reply: { atMinute: 20, lagMinutes: 5 }, later: [['resolution_confirmed']], resolvedMinute: 60 },
        { number: 'OLD-2', openedMs: Date.parse('2026-09-10T09:00:00Z'), reply: { atMinute: 90, lagMinutes: 2 }, later: [['resolution_confirmed'], []], resolvedMinute: 180 },
      ];
      const lags: number[] = [];
      const contacts: Logged[] = [];
      for (const complaint of complaints) {
        const id = newId('cas');
        const sla = {
          policyId: 'slp_old',
          policyName: 'Complaints',
          matchedBecause: 'kind complaint',
          calendarName: 'Round the clock',
          computedAt: iso(complaint.openedMs + complaint.resolvedMinute * MINUTE_MS),
          clocks: [
            clock('first_response', 60, complaint.openedMs, complaint.reply.atMinute <= 60 ? 'met' : 'breached', complaint.reply.atMinute),
            clock('resolution', 1440, complaint.openedMs, 'met', complaint.resolvedMinute),
          ],
        };
        await store.db
          .insertInto('cases')
          .values({ ...caseRow({ id, number: complaint.number, customerId, channel: 'email', teamId: null, assigneeId: null }, 'complaint', iso(complaint.openedMs)), status: 'resolved', sla_json: JSON.stringify(sla) })
          .execute();
        const about = { caseId: id, customerId, channel: 'email', authorId: null };
        const replyMs = complaint.openedMs + complaint.reply.atMinute * MINUTE_MS;
        contacts.push(
          { ...about, id: newId('int'), direction: 'inbound', authorType: 'customer', occurredMs: complaint.openedMs, loggedMs: complaint.openedMs, marks: [] },
          { ...about, id: newId('int'), direction: 'outbound', authorType: 'user', occurredMs: replyMs, loggedMs: replyMs + complaint.reply.lagMinutes * MINUTE_MS, marks: [] },
          ...complaint.later.map((marks, i): Logged => ({ ...about, id: newId('int'), direction: 'inbound', authorType: 'customer', occurredMs: replyMs + (i + 1) * 5 * MINUTE_MS, loggedMs: replyMs + (i + 1) * 5 * MINUTE_MS, marks })),
        );
        lags.push(complaint.reply.lagMinutes);
        await store.db.insertInto('case_transitions').values(stepRow(id, { event: 'close', from: 'investigating', to: 'resolved', atMs: complaint.openedMs + complaint.resolvedMinute * MINUTE_MS })).execute();
      }
      const queryId = newId('cas');
      await store.db.insertInto('cases').values(caseRow({ id: queryId, number: 'OLD-3', customerId, channel: 'phone', teamId: null, assigneeId: null }, 'query', at)).execute();
      for (let i = 0; i < 2 * REBUILD_BATCH + 100; i++) {
        // Every 37 minutes, wrapping within the month the report reads, however large a batch is.
        const occurredMs = SEPTEMBER_MS + HOUR_MS + ((i * 37 * MINUTE_MS) % (28 * DAY_MS));
        const lagMs = ((i * 7919) % 1800) * SECOND_MS + (i % 3) * 250;
        contacts.push({ id: newId('int'), caseId: queryId, customerId, channel: 'phone', direction: 'outbound', authorType: 'user', authorId: null, occurredMs, loggedMs: occurredMs + lagMs, marks: [] });
        lags.push(lagMs / MINUTE_MS);
      }
      for (let start = 0; start < contacts.length; start += 200) await store.db.insertInto('interactions').values(contacts.slice(start, start + 200).map(contactRow)).execute();
      await store.db
        .insertInto('follow_ups')
        .values({
          id: newId('fup'),
          customer_id: customerId,
          case_id: null,
          transaction_id: null,
          rule_id: null,
          purpose: 'check_in',
          status: 'done',
          channel: 'phone',
          due_at: '2026-09-05T10:00:00.000Z',
          scheduled_for: '2026-09-05T10:00:00.000Z',
          assignee_id: null,
          note: null,
          attempts: 0,
          outcome: null,
          outcome_summary: null,
          skip_reason: null,
          failure_reason: null,
          linked_case_id: null,
          message_id: null,
          created_by: null,
          created_at: at,
          updated_at: '2026-09-05T10:20:00.000Z',
          done_at: '2026-09-05T10:20:00.000Z',
        })
        .execute();
      await migrateToLatest(store.db);

      const september = { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };
      const report = async () => {
        const { rebuilding, kpis } = await kpiReport(store.db, september);
        const k = Object.fromEntries(kpis.map((figure) => [figure.name, figure])) as Record<string, Figure>;
        const counts = (name: string) => [k[name]!.numerator, k[name]!.denominator];
        return {
          rebuilding,
          fcr: counts('first_contact_resolution'),
          reopened: counts('reopen_rate'),
          sla: counts('sla_compliance'),
          followUps: counts('follow_up_on_time'),
          firstResponse: reported(k, 'first_response_median', 'first_response_p90'),
          resolution: reported(k, 'resolution_median', 'resolution_p90'),
          loggingLag: reported(k, 'logging_lag_median', 'logging_lag_p90'),
        };
      };
      // Until the worker has run, the figures leave out everything stored before the upgrade, and say so.
      expect(await report()).toMatchObject({ rebuilding: true, fcr: [0, 0], sla: [0, 0], loggingLag: { n: 0 } });

      const expectedCursors = await rebuildCursorsOver(store.db);
      const cursors = await rebuildAsTheWorkerDoes(store.db, worker, async () => (await report()).rebuilding);
      expect(cursors).toEqual(expectedCursors);
      expect(cursors.filter((cursor) => cursor.phase === 'interactions')).toHaveLength(3);
      expect(await report()).toEqual({
        rebuilding: false,
        // The confirmation does not count as a second contact; a message after it does.
        fcr: [1, 2],
        reopened: [0, 2],
        // Met: both resolutions and the first response in 20 minutes; breached: the one in 90.
        sla: [3, 4],
        followUps: [1, 1],
        firstResponse: naivePercentiles([20, 90]),
        resolution: naivePercentiles([60, 180]),
        loggingLag: naivePercentiles(lags),
      });

      const rebuilt = await factRows(store.db);
      expect(await worker.runDueJobs()).toBe(0);
      expect(await factRows(store.db)).toEqual(rebuilt);
      expect(await store.db.selectFrom('scheduled_jobs').select(['kind', 'state']).where('key', '=', 'kpi:rebuild').execute()).toEqual([{ kind: 'kpi.rebuild', state: 'done' }]);
    } finally {
      await worker.stop();
      await store.close();
    }
  });

  it('gives exact logging lag percentiles over whole days, part days and one day, filtered or not', async () => {
    const byPeople = contacts.filter((c) => c.authorType === 'user');
    expect(byPeople.length).toBeGreaterThan(1_300);
    const filters: Record<string, { query: string; keep: (c: Logged) => boolean }> = {
      '': { query: '', keep: () => true },
      'by the agent': { query: `&agent=${agent}`, keep: (c) => c.authorId === agent },
      'by the supervisor': { query: `&agent=${supervisor}`, keep: (c) => c.authorId === supervisor },
      'on the phone': { query: '&channel=phone', keep: (c) => c.channel === 'phone' },
      'by the agent on the phone': { query: `&agent=${agent}&channel=phone`, keep: (c) => c.authorId === agent && c.channel === 'phone' },
      'on cases of team A': { query: `&team=${teamA}`, keep: (c) => caseDimensions.get(c.caseId)!.teamId === teamA },
      'on complaints': { query: '&kind=complaint', keep: (c) => caseDimensions.get(c.caseId)!.kind === 'complaint' },
    };
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const [periodName, [from, to]] of Object.entries(PERIODS)) {
      const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
      // Filters over two periods: one of whole days, one of part days.
      const filterNames = periodName === 'the whole of September' || periodName === 'from mid-day to mid-day' ? Object.keys(filters) : [''];
      for (const filterName of filterNames) {
        const filter = filters[filterName]!;
        const label = `${periodName} ${filterName}`.trim();
        const lags = byPeople.filter((c) => c.occurredMs >= fromMs && c.occurredMs < toMs && filter.keep(c)).map((c) => (c.loggedMs - c.occurredMs) / MINUTE_MS);
        expected[label] = naivePercentiles(lags);
        actual[label] = reported(await kpis(from, to, filter.query), 'logging_lag_median', 'logging_lag_p90');
      }
    }
    expect(actual).toEqual(expected);
    // Every lag a person entered happened in September: the whole month counts them all.
    expect((expected['the whole of September'] as { n: number }).n).toBe(byPeople.length);
  });

  it('gives exact first response and resolution time percentiles from the SLA clocks', async () => {
    const filters: Record<string, { query: string; keep: (c: SlaCasePlan) => boolean }> = {
      '': { query: '', keep: () => true },
      'assigned to the agent': { query: `&agent=${agent}`, keep: (c) => c.assigneeId === agent },
      'by phone': { query: '&channel=phone', keep: (c) => c.channel === 'phone' },
      'of team B': { query: `&team=${teamB}`, keep: (c) => c.teamId === teamB },
    };
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const [periodName, [from, to]] of Object.entries(PERIODS)) {
      const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
      const within = (ms: number) => ms >= fromMs && ms < toMs;
      const filterNames = periodName === 'the whole of September' || periodName === 'from mid-day to mid-day' ? Object.keys(filters) : [''];
      for (const filterName of filterNames) {
        const filter = filters[filterName]!;
        const label = `${periodName} ${filterName}`.trim();
        const cases = slaCases.filter(filter.keep);
        const firstResponses = cases.flatMap((c) => (c.replyMs !== null && within(c.replyMs) ? [round2((c.replyMs - c.openedMs) / MINUTE_MS)] : []));
        const resolutions = cases.flatMap((c) => (c.resolution && within(c.resolution.stopMs) ? [c.resolution.minutes] : []));
        expected[label] = { firstResponse: naivePercentiles(firstResponses), resolution: naivePercentiles(resolutions) };
        const k = await kpis(from, to, filter.query);
        actual[label] = { firstResponse: reported(k, 'first_response_median', 'first_response_p90'), resolution: reported(k, 'resolution_median', 'resolution_p90') };
      }
    }
    expect(actual).toEqual(expected);
    expect((expected['the whole of September'] as { firstResponse: { n: number } }).firstResponse.n).toBeGreaterThan(120);
  });

  it('counts first contact resolution (contacts up to the first resolution only), reopenings and SLA targets met or breached in the period', async () => {
    // First contact resolution counts the contacts a case was resolved with: those that occurred up
    // to and including its first resolution, whenever they were logged.
    const contactsUpToFirstResolution = (c: SlaCasePlan) => c.contacts.filter((i) => i.occurredMs <= c.firstResolvedMs!);
    const atFirstContact = (c: SlaCasePlan, counted: readonly Logged[]) => {
      const inbound = counted.filter((i) => i.direction === 'inbound').length;
      const handling = counted.filter((i) => i.direction === 'outbound' && i.authorType === 'user' && !i.marks.includes('failed_attempt')).length;
      return inbound === 1 && handling === 1 && !c.reopened;
    };
    // The desk has cases the rule decides: at first contact only because a message or reply after
    // their first resolution is left out.
    const decided = slaCases.filter((c) => c.firstResolvedMs !== null && atFirstContact(c, contactsUpToFirstResolution(c)) && !atFirstContact(c, c.contacts));
    expect(decided.length, 'cases at first contact only with the contacts after their first resolution left out').toBeGreaterThan(0);
    // The policy: first response within 60 minutes, resolution within 1440; every clock not stopped
    // is long past due, so breached at its due time.
    const outcomes = slaCases.flatMap((c) => {
      const out: { caseId: string; atMs: number; met: boolean }[] = [];
      if (c.replyMs !== null) {
        const met = c.replyMs - c.openedMs <= HOUR_MS;
        out.push({ caseId: c.id, atMs: met ? c.replyMs : c.openedMs + HOUR_MS, met });
      } else {
        // Never answered: breached once an hour went by before it was (finally) resolved, if ever.
        const due = dueAt(c.openedMs, HOUR_MS, c.holds, c.resolution?.stopMs);
        if (due !== null) out.push({ caseId: c.id, atMs: due, met: false });
      }
      const resolutionMet = c.resolution !== null && c.resolution.minutes <= 1440;
      out.push({ caseId: c.id, atMs: resolutionMet ? c.resolution!.stopMs : dueAt(c.openedMs, DAY_MS, c.holds)!, met: resolutionMet });
      return out;
    });
    const expectedOf = (keep: (c: SlaCasePlan) => boolean, fromMs: number, toMs: number) => {
      const within = (ms: number) => ms >= fromMs && ms < toMs;
      const cases = slaCases.filter(keep);
      const cohort = cases.filter((c) => c.firstResolvedMs !== null && within(c.firstResolvedMs));
      const firstContact = cohort.filter((c) => atFirstContact(c, contactsUpToFirstResolution(c)));
      const ids = new Set(cases.map((c) => c.id));
      const counted = outcomes.filter((o) => ids.has(o.caseId) && within(o.atMs));
      return {
        fcr: [firstContact.length, cohort.length],
        reopened: [cohort.filter((c) => c.reopened).length, cohort.length],
        sla: [counted.filter((o) => o.met).length, counted.length],
      };
    };
    const filters: Record<string, { query: string; keep: (c: SlaCasePlan) => boolean }> = {
      '': { query: '', keep: () => true },
      'of team A': { query: `&team=${teamA}`, keep: (c) => c.teamId === teamA },
      'assigned to the supervisor': { query: `&agent=${supervisor}`, keep: (c) => c.assigneeId === supervisor },
      'by chat': { query: '&channel=chat', keep: (c) => c.channel === 'chat' },
    };
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const [periodName, [from, to]] of Object.entries(PERIODS)) {
      const filterNames = periodName === 'the whole of September' || periodName === 'from mid-day to mid-day' ? Object.keys(filters) : [''];
      for (const filterName of filterNames) {
        const filter = filters[filterName]!;
        const label = `${periodName} ${filterName}`.trim();
        expected[label] = expectedOf(filter.keep, Date.parse(from), Date.parse(to));
        const k = await kpis(from, to, filter.query);
        const counts = (name: string) => [k[name]!.numerator, k[name]!.denominator];
        actual[label] = { fcr: counts('first_contact_resolution'), reopened: counts('reopen_rate'), sla: counts('sla_compliance') };
      }
    }
    expect(actual).toEqual(expected);
    expect((expected['the whole of September'] as { sla: number[] }).sla[1]).toBeGreaterThan(250);
  });

  describe('kept up to date as cases change (October)', () => {
    const OCTOBER = ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'] as const;
    const october = (filter: string) => kpis(OCTOBER[0], OCTOBER[1], filter);
    const fcr = (k: Record<string, Figure>) => [k.first_contact_resolution!.numerator, k.first_contact_resolution!.denominator];
    const reopen = (k: Record<string, Figure>) => [k.reopen_rate!.numerator, k.reopen_rate!.denominator];
    let caseF: string;
    let customer2: string;
    let order2: string;

    /** A case resolved at first contact: the customer writes, a person replies once, resolved. */
    async function resolvedAtFirstContact(work: Work, row: { number: string; customerId: string; orderId: string | null; teamId: string | null; assigneeId: string | null; openedAt: string }) {
      const id = newId('cas');
      const openedMs = Date.parse(row.openedAt);
      await insertAudited(work, 'cases', caseRow({ id, number: row.number, customerId: row.customerId, channel: 'email', teamId: row.teamId, assigneeId: row.assigneeId }, 'query', row.openedAt, { transactionId: row.orderId }));
      const about = { caseId: id, customerId: row.customerId, channel: 'email' };
      await insertContact(work, { ...about, id: newId('int'), direction: 'inbound', authorType: 'customer', authorId: null, occurredMs: openedMs, loggedMs: openedMs, marks: [] });
      // Replied after 30 minutes, logged 5 minutes later.
      await insertContact(work, { ...about, id: newId('int'), direction: 'outbound', authorType: 'user', authorId: row.assigneeId ?? agent, occurredMs: openedMs + 30 * MINUTE_MS, loggedMs: openedMs + 35 * MINUTE_MS, marks: [] });
      await insertStep(work, id, { event: 'close', from: 'investigating', to: 'resolved', atMs: openedMs + HOUR_MS });
      await setStatus(work, id, 'resolved', openedMs + HOUR_MS);
      return id;
    }

    const laterCase = (work: Work, row: { number: string; customerId: string; orderId: string | null; openedAt: string }) =>
      insertAudited(work, 'cases', caseRow({ id: newId('cas'), number: row.number, customerId: row.customerId, channel: 'email', teamId: teamA, assigneeId: agent }, 'query', row.openedAt, { transactionId: row.orderId }));

    beforeAll(async () => {
      const customer1 = (await aCustomer(server, { language: 'en' })).id;
      customer2 = (await aCustomer(server, { language: 'en' })).id;
      const order1 = (await anOrder(server, customer1, { purchasedAt: '2026-09-28T10:00:00Z' })).id;
      order2 = (await anOrder(server, customer2, { purchasedAt: '2026-09-28T10:00:00Z' })).id;
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        caseF = await resolvedAtFirstContact(work, { number: 'F-1', customerId: customer1, orderId: order1, teamId: teamA, assigneeId: agent, openedAt: '2026-10-05T09:00:00.000Z' });
        await insertFollowUp(work, { customerId: customer1, caseId: caseF, purpose: 'check_in', channel: 'phone', assigneeId: agent, status: 'done', dueAt: '2026-10-07T10:00:00.000Z', doneAt: '2026-10-07T10:20:00.000Z' });
      });
    });

    it('counts a case resolved at first contact', async () => {
      const k = await october(`&team=${teamA}`);
      expect(fcr(k)).toEqual([1, 1]);
      expect(reopen(k)).toEqual([0, 1]);
      expect(k.logging_lag_median).toMatchObject({ value: 5, denominator: 1 });
      expect(k.follow_up_on_time).toMatchObject({ numerator: 1, denominator: 1 });
    });

    it('takes a reopened case out of first contact resolution and into the reopen rate', async () => {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        await insertStep(work, caseF, { event: 'reopen', from: 'resolved', to: 'investigating', atMs: Date.parse('2026-10-06T09:00:00Z') });
        await setStatus(work, caseF, 'investigating', Date.parse('2026-10-06T09:00:00Z'));
      });
      const k = await october(`&team=${teamA}`);
      expect(fcr(k)).toEqual([0, 1]);
      expect(reopen(k)).toEqual([1, 1]);
    });

    it("moves the case's figures to the team it is reassigned to", async () => {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        const before: Selectable<CaseRow> = await work.tx.selectFrom('cases').selectAll().where('id', '=', caseF).executeTakeFirstOrThrow();
        await updateAudited(work, 'cases', before, { team_id: teamB, updated_at: '2026-10-06T10:00:00.000Z' });
      });
      const [a, b] = [await october(`&team=${teamA}`), await october(`&team=${teamB}`)];
      expect({ fcr: fcr(a), reopen: reopen(a) }).toEqual({ fcr: [0, 0], reopen: [0, 0] });
      expect({ fcr: fcr(b), reopen: reopen(b) }).toEqual({ fcr: [0, 1], reopen: [1, 1] });
      // "interactions by the case's team" and "follow-ups of cases of this team" (the filter's
      // definition): the reply and the check-in of the case are now team B's.
      expect.soft({ lag: [b.logging_lag_median!.value, b.logging_lag_median!.denominator], lagA: a.logging_lag_median!.denominator }, 'logging lag by team after reassignment').toEqual({ lag: [5, 1], lagA: 0 });
      expect.soft({ b: [b.follow_up_on_time!.numerator, b.follow_up_on_time!.denominator], a: a.follow_up_on_time!.denominator }, 'follow-ups by team after reassignment').toEqual({ b: [1, 1], a: 0 });
    });

    it('undoes first contact resolution for a new case on the same order within 7 days, not after 8', async () => {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        await resolvedAtFirstContact(work, { number: 'G-1', customerId: customer2, orderId: order2, teamId: teamA, assigneeId: agent, openedAt: '2026-10-10T11:00:00.000Z' });
      });
      // G was first resolved 2026-10-10 12:00.
      expect(fcr(await october(`&team=${teamA}`))).toEqual([1, 1]);
      await inTransaction(server.store, SYSTEM_ACTOR, (work) => laterCase(work, { number: 'G-2', customerId: customer2, orderId: order2, openedAt: '2026-10-18T13:00:00.000Z' }));
      expect(fcr(await october(`&team=${teamA}`))).toEqual([1, 1]);
      await inTransaction(server.store, SYSTEM_ACTOR, (work) => laterCase(work, { number: 'G-3', customerId: customer2, orderId: order2, openedAt: '2026-10-13T12:00:00.000Z' }));
      expect(fcr(await october(`&team=${teamA}`))).toEqual([0, 1]);
    });

    it('undoes first contact resolution when a case opened within 7 days is linked to the order afterwards', async () => {
      const customer3 = (await aCustomer(server, { language: 'en' })).id;
      const order3 = (await anOrder(server, customer3, { purchasedAt: '2026-09-28T10:00:00Z' })).id;
      const laterId = newId('cas');
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        await resolvedAtFirstContact(work, { number: 'J-1', customerId: customer3, orderId: order3, teamId: null, assigneeId: supervisor, openedAt: '2026-10-20T09:00:00.000Z' });
        // The customer writes again two days later; the agent has not yet found the order.
        await insertAudited(work, 'cases', caseRow({ id: laterId, number: 'J-2', customerId: customer3, channel: 'email', teamId: null, assigneeId: agent }, 'query', '2026-10-22T09:00:00.000Z'));
      });
      expect(fcr(await october(`&agent=${supervisor}`))).toEqual([1, 1]);
      // Linked through the API, as an agent does (PATCH /api/cases/:id runs updateAudited on cases).
      const linked = await server.api('PATCH', `/api/cases/${laterId}`, { transactionId: order3 });
      expect(linked.status, JSON.stringify(linked.body)).toBe(200);
      expect(fcr(await october(`&agent=${supervisor}`)), 'first contact resolution after the later case is linked to the order').toEqual([0, 1]);
    });
  });

  describe("first contact resolution with the customer's confirmation, and contacts after the first resolution (November)", () => {
    const onDay = (date: string) => kpis(`${date}T00:00:00Z`, iso(Date.parse(`${date}T00:00:00Z`) + DAY_MS));
    const fcr = (k: Record<string, Figure>) => [k.first_contact_resolution!.numerator, k.first_contact_resolution!.denominator];
    const reopen = (k: Record<string, Figure>) => [k.reopen_rate!.numerator, k.reopen_rate!.denominator];
    let customerId: string;
    let confirmed: { id: string; openedMs: number };

    /** The customer writes, a person replies once, the customer writes again with these marks, each message in turn, and the case is resolved an hour after it opened. */
    async function answeredCase(work: Work, row: { number: string; openedAt: string; later: string[][] }) {
      const id = newId('cas');
      const openedMs = Date.parse(row.openedAt);
      await insertAudited(work, 'cases', caseRow({ id, number: row.number, customerId, channel: 'email', teamId: null, assigneeId: agent }, 'query', row.openedAt));
      const about = { caseId: id, customerId, channel: 'email' };
      await insertContact(work, { ...about, id: newId('int'), direction: 'inbound', authorType: 'customer', authorId: null, occurredMs: openedMs, loggedMs: openedMs, marks: [] });
      await insertContact(work, { ...about, id: newId('int'), direction: 'outbound', authorType: 'user', authorId: agent, occurredMs: openedMs + 20 * MINUTE_MS, loggedMs: openedMs + 20 * MINUTE_MS, marks: [] });
      for (const [i, marks] of row.later.entries()) {
        const atMs = openedMs + (30 + 10 * i) * MINUTE_MS;
        await insertContact(work, { ...about, id: newId('int'), direction: 'inbound', authorType: 'customer', authorId: null, occurredMs: atMs, loggedMs: atMs, marks });
      }
      await insertStep(work, id, { event: 'close', from: 'investigating', to: 'resolved', atMs: openedMs + HOUR_MS });
      await setStatus(work, id, 'resolved', openedMs + HOUR_MS);
      return { id, openedMs };
    }

    /**
     * A contact on a case answered as above, in a unit of work of its own (after the case was
     * resolved): occurred `minutes` after the case opened, logged `loggedMinutes` after it opened
     * (when it occurred unless told).
     */
    const contactOn = (
      of: { id: string; openedMs: number },
      row: { minutes: number; loggedMinutes?: number; direction: 'inbound' | 'outbound'; authorType: 'customer' | 'user'; channel?: string; marks?: string[] },
    ) =>
      inTransaction(server.store, SYSTEM_ACTOR, (work) =>
        insertContact(work, {
          id: newId('int'),
          caseId: of.id,
          customerId,
          channel: row.channel ?? 'email',
          direction: row.direction,
          authorType: row.authorType,
          authorId: row.authorType === 'user' ? agent : null,
          occurredMs: of.openedMs + Math.round(row.minutes * MINUTE_MS),
          loggedMs: of.openedMs + Math.round((row.loggedMinutes ?? row.minutes) * MINUTE_MS),
          marks: row.marks ?? [],
        }),
      );
    const answered = (row: { number: string; openedAt: string; later: string[][] }) => inTransaction(server.store, SYSTEM_ACTOR, (work) => answeredCase(work, row));

    beforeAll(async () => {
      customerId = (await aCustomer(server, { language: 'en' })).id;
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        confirmed = await answeredCase(work, { number: 'N-1', openedAt: '2026-11-03T09:00:00.000Z', later: [['resolution_confirmed']] });
        await answeredCase(work, { number: 'N-2', openedAt: '2026-11-04T09:00:00.000Z', later: [['resolution_confirmed'], []] });
      });
    });

    it('counts a case the customer confirmed as resolved at first contact, not one they wrote about again before it was resolved', async () => {
      expect({ confirmed: fcr(await onDay('2026-11-03')), writtenAgain: fcr(await onDay('2026-11-04')) }).toEqual({ confirmed: [1, 1], writtenAgain: [0, 1] });
    });

    it('keeps counting it when, after its first resolution, the customer confirms again, writes about it again, or is called to check in', async () => {
      await contactOn(confirmed, { minutes: 120, direction: 'inbound', authorType: 'customer', marks: ['resolution_confirmed'] });
      expect(fcr(await onDay('2026-11-03')), 'after another confirmation').toEqual([1, 1]);
      await contactOn(confirmed, { minutes: 180, direction: 'inbound', authorType: 'customer' });
      expect(fcr(await onDay('2026-11-03')), 'after a message from the customer').toEqual([1, 1]);
      // A call by a person that reached the customer: a handling contact, were it before the resolution.
      await contactOn(confirmed, { minutes: 24 * 60, direction: 'outbound', authorType: 'user', channel: 'phone' });
      expect(fcr(await onDay('2026-11-03')), 'after a check-in call').toEqual([1, 1]);
      expect(reopen(await onDay('2026-11-03'))).toEqual([0, 1]);
    });

    it('no longer counts it once it is reopened, and counts it as reopened', async () => {
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        const atMs = confirmed.openedMs + 2 * DAY_MS;
        await insertStep(work, confirmed.id, { event: 'reopen', from: 'resolved', to: 'investigating', atMs });
        await setStatus(work, confirmed.id, 'investigating', atMs);
      });
      const k = await onDay('2026-11-03');
      expect({ fcr: fcr(k), reopened: reopen(k) }).toEqual({ fcr: [0, 1], reopened: [1, 1] });
    });

    it("no longer counts it once a customer's call from before its first resolution is logged late", async () => {
      const called = await answered({ number: 'N-3', openedAt: '2026-11-05T09:00:00.000Z', later: [['resolution_confirmed']] });
      expect(fcr(await onDay('2026-11-05'))).toEqual([1, 1]);
      // The customer called 45 minutes in (before the resolution, an hour in); the call is logged the next day.
      await contactOn(called, { minutes: 45, loggedMinutes: 26 * 60, direction: 'inbound', authorType: 'customer', channel: 'phone' });
      expect(fcr(await onDay('2026-11-05'))).toEqual([0, 1]);
    });

    it('no longer counts it once a reply by a person from before its first resolution is logged late', async () => {
      const replied = await answered({ number: 'N-4', openedAt: '2026-11-06T09:00:00.000Z', later: [] });
      expect(fcr(await onDay('2026-11-06'))).toEqual([1, 1]);
      // A second call to the customer 50 minutes in, logged three hours later.
      await contactOn(replied, { minutes: 50, loggedMinutes: 230, direction: 'outbound', authorType: 'user', channel: 'phone' });
      expect(fcr(await onDay('2026-11-06'))).toEqual([0, 1]);
    });

    it('counts a contact at the very instant of the first resolution, not one a millisecond after', async () => {
      const [atIt, justAfter] = [
        await answered({ number: 'N-5', openedAt: '2026-11-07T09:00:00.000Z', later: [] }),
        await answered({ number: 'N-6', openedAt: '2026-11-08T09:00:00.000Z', later: [] }),
      ];
      await contactOn(atIt, { minutes: 60, direction: 'inbound', authorType: 'customer' });
      await contactOn(justAfter, { minutes: 60 + 1 / MINUTE_MS, direction: 'inbound', authorType: 'customer' });
      expect({ atIt: fcr(await onDay('2026-11-07')), justAfter: fcr(await onDay('2026-11-08')) }).toEqual({ atIt: [0, 1], justAfter: [1, 1] });
    });
  });

  describe('rebuilding every fact from what is stored', () => {
    const QUERIES: [string, string, string][] = [
      [...PERIODS['the whole of September']!, ''],
      [...PERIODS['from mid-day to mid-day']!, ''],
      [...PERIODS['inside one day']!, `&agent=${'AGENT'}`],
      [...PERIODS['the whole of September']!, '&channel=phone'],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', ''],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '&team=TEAM_A'],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '&team=TEAM_B'],
      ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '&agent=SUPERVISOR'],
    ];
    const reports = async () => {
      const out: Record<string, Record<string, Figure>> = {};
      for (const [from, to, template] of QUERIES) {
        const filter = template.replace('AGENT', agent).replace('TEAM_A', teamA).replace('TEAM_B', teamB).replace('SUPERVISOR', supervisor);
        out[`${from}–${to}${template}`] = await kpis(from, to, filter);
      }
      return out;
    };
    const rebuild = async (size: number) => {
      let cursor: RebuildCursor | null = { phase: 'cases', after: null };
      let batches = 0;
      while (cursor) {
        const at: RebuildCursor = cursor;
        cursor = await inTransaction(server.store, SYSTEM_ACTOR, (work) => rebuildKpiFactsBatch(work, at, size));
        batches++;
      }
      return batches;
    };

    let kept: Awaited<ReturnType<typeof factRows>>;
    let keptReports: Awaited<ReturnType<typeof reports>>;
    let rebuilt: Awaited<ReturnType<typeof factRows>>;

    beforeAll(async () => {
      kept = await factRows(server.store.db);
      keptReports = await reports();
      await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
        for (const table of ['kpi_resolved_cases', 'kpi_sla_targets', 'kpi_logging_lags', 'kpi_follow_ups', 'kpi_buckets'] as const) await work.tx.deleteFrom(table).execute();
      });
      expect(Object.values(await factRows(server.store.db)).every((rows) => rows.length === 0)).toBe(true);
      const batches = await rebuild(7);
      expect(batches).toBeGreaterThan(200);
      rebuilt = await factRows(server.store.db);
    }, 300_000);

    it('holds the rows the units of work kept', () => {
      expect(kept.kpi_logging_lags.length).toBeGreaterThan(1_300);
      expect(kept.kpi_sla_targets.length).toBeGreaterThan(200);
      expect(kept.kpi_resolved_cases.length).toBeGreaterThan(100);
      expect(kept.kpi_follow_ups.length).toBeGreaterThan(10);
      for (const table of Object.keys(kept) as (keyof typeof kept)[]) expect.soft(rebuilt[table], table).toEqual(kept[table]);
    });

    it('reports the same KPIs', async () => {
      const after = await reports();
      for (const key of Object.keys(keptReports)) expect.soft(after[key], key).toEqual(keptReports[key]);
    });

    it('changes nothing when run again', async () => {
      await rebuild(7);
      expect(await factRows(server.store.db)).toEqual(rebuilt);
    });

    it('derives, in the upgrade that adds per-team, agent, channel and kind counts (migration 0008), the very bucket counts the units of work kept', async () => {
      expect(new Set(kept.kpi_buckets.map((row) => row.scope.split(':')[0]))).toEqual(new Set(['', 'team', 'agent', 'channel', 'kind']));
      await migrations['0008-kpi-bucket-scopes']!.up(server.store.db as Kysely<unknown>);
      expect((await factRows(server.store.db)).kpi_buckets).toEqual(kept.kpi_buckets);
    });

    it('is run by the worker a batch per job, reported as rebuilding until the last batch, changing nothing the units of work kept', async () => {
      // The jobs already due (the SLA clocks' warnings and breaches) first: what follows is the rebuild's alone.
      for (let passes = 0; (await server.worker.runDueJobs()) > 0; passes++) expect(passes, 'passes of the worker before the rebuild').toBeLessThan(20);
      const rebuilding = async () => {
        const response = await server.api('GET', `/api/analytics/kpis?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z`, undefined, { as: 'manager' });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return response.body.rebuilding as boolean;
      };
      expect(await rebuilding()).toBe(false);
      const keptNow = await factRows(server.store.db);
      const reportedNow = await reports();

      await server.store.db.insertInto('scheduled_jobs').values(rebuildJobAsMigrated()).execute();
      const expectedCursors = await rebuildCursorsOver(server.store.db);
      const cursors = await rebuildAsTheWorkerDoes(server.store.db, server.worker, rebuilding);
      expect(cursors).toEqual(expectedCursors);
      // The contacts of this desk fill more than one batch.
      expect(cursors.filter((cursor) => cursor.phase === 'interactions').length).toBeGreaterThanOrEqual(2);
      expect(await rebuilding()).toBe(false);
      expect(await factRows(server.store.db)).toEqual(keptNow);
      const after = await reports();
      for (const key of Object.keys(reportedNow)) expect.soft(after[key], key).toEqual(reportedNow[key]);

      expect(await server.worker.runDueJobs()).toBe(0);
      expect(await factRows(server.store.db)).toEqual(keptNow);
    }, 120_000);
  });
});
