import type { SelectQueryBuilder } from 'kysely';
import type { CaseSla, KpiFilters, KpiName, KpiQuery, KpiReport, KpiSeries, KpiSeriesQuery, KpiValue } from '../../../shared/index.js';
import { KPI_NAMES } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { invalidField } from '../../platform/http/errors.js';
import { decodeReason } from '../follow-ups/follow-ups.store.js';
import { isResponse } from '../sla/sla-clock.js';
import { batches, reportPeriod } from './loyalty.store.js';
import { computeKpis, describeCounts, KPI_DEFINITIONS, type KpiFacts, periodBuckets, type ResolvedCaseFact } from './kpis.js';

const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** A series over more buckets than this is refused: a year of weeks, or ten years of months. */
const MAX_BUCKETS = 120;

type Period = ReturnType<typeof reportPeriod>;

const filtersOf = (query: KpiQuery): KpiFilters => ({ team: query.team, agent: query.agent, channel: query.channel, kind: query.kind });

/** The case filters on a query that has the `cases` table in it. */
function whereCase<O>(select: SelectQueryBuilder<Database, 'cases' | any, O>, filters: KpiFilters): SelectQueryBuilder<Database, any, O> {
  let out = select;
  if (filters.team) out = out.where('cases.team_id', '=', filters.team);
  if (filters.agent) out = out.where('cases.assignee_id', '=', filters.agent);
  if (filters.channel) out = out.where('cases.channel', '=', filters.channel);
  if (filters.kind) out = out.where('cases.kind', '=', filters.kind);
  return out;
}

async function surveyAnswers(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiFacts['answers']> {
  let select = db
    .selectFrom('survey_responses')
    .select(['submitted_at', 'csat', 'nps', 'ces'])
    .where('submitted_at', '>=', period.from)
    .where('submitted_at', '<', period.to);
  // Filtered by the team, agent, channel and kind kept on the response as they were when asked.
  if (filters.team) select = select.where('team_id', '=', filters.team);
  if (filters.agent) select = select.where('agent_id', '=', filters.agent);
  if (filters.channel) select = select.where('case_channel', '=', filters.channel);
  if (filters.kind) select = select.where('case_kind', '=', filters.kind);
  const rows = await select.execute();
  return rows.map((row) => ({ submittedAt: row.submitted_at, csat: row.csat, nps: row.nps, ces: row.ces }));
}

/** The cases that entered resolved in the period, with their whole history of resolutions and reopenings. */
async function resolvedCases(db: Queryable, period: Period, filters: KpiFilters): Promise<ResolvedCaseFact[]> {
  const cases = await whereCase(
    db
      .selectFrom('case_transitions')
      .innerJoin('cases', 'cases.id', 'case_transitions.case_id')
      .select(['cases.id', 'cases.customer_id', 'cases.transaction_id'])
      .distinct()
      .where('case_transitions.to_status', '=', 'resolved')
      .where('case_transitions.at', '>=', period.from)
      .where('case_transitions.at', '<', period.to),
    filters,
  ).execute();
  const facts: ResolvedCaseFact[] = [];
  for (const chunk of batches(cases)) {
    const ids = chunk.map((item) => item.id);
    const transactionIds = [...new Set(chunk.flatMap((item) => (item.transaction_id ? [item.transaction_id] : [])))];
    const [transitions, contacts, siblings] = await Promise.all([
      db
        .selectFrom('case_transitions')
        .select(['case_id', 'to_status', 'event', 'at'])
        .where('case_id', 'in', ids)
        .where((eb) => eb.or([eb('to_status', '=', 'resolved'), eb('event', '=', 'reopen')]))
        .execute(),
      db
        .selectFrom('interactions')
        .select(['case_id', 'direction', 'author_type', 'marks_json'])
        .where('case_id', 'in', ids)
        .where('direction', 'in', ['inbound', 'outbound'])
        .execute(),
      transactionIds.length
        ? db.selectFrom('cases').select(['id', 'customer_id', 'transaction_id', 'opened_at']).where('transaction_id', 'in', transactionIds).execute()
        : Promise.resolve([]),
    ]);
    const byCase = new Map(chunk.map((item) => [item.id, { resolvedAt: [] as string[], reopenedAt: [] as string[], inbound: 0, handling: 0 }]));
    for (const t of transitions) {
      const entry = byCase.get(t.case_id)!;
      if (t.to_status === 'resolved') entry.resolvedAt.push(t.at);
      if (t.event === 'reopen') entry.reopenedAt.push(t.at);
    }
    for (const contact of contacts) {
      const entry = byCase.get(contact.case_id)!;
      if (contact.direction === 'inbound') entry.inbound++;
      // A reply by a person that reached the customer, as the SLA clocks count a response.
      else if (isResponse({ direction: contact.direction, authorType: contact.author_type, marks: JSON.parse(contact.marks_json) })) entry.handling++;
    }
    for (const item of chunk) {
      const entry = byCase.get(item.id)!;
      const firstResolvedAt = entry.resolvedAt.sort()[0]!;
      const later = siblings
        .filter((other) => other.id !== item.id && other.customer_id === item.customer_id && other.transaction_id === item.transaction_id && other.opened_at >= firstResolvedAt)
        .map((other) => other.opened_at)
        .sort();
      facts.push({ firstResolvedAt, reopenedAt: entry.reopenedAt, inboundContacts: entry.inbound, handlingContacts: entry.handling, nextCaseOpenedAt: later[0] ?? null });
    }
  }
  return facts;
}

/**
 * The SLA clocks of the cases that may have a target met or breached in the period: opened before
 * its end, and changed since its start (every reply and transition updates the case) or still due.
 */
async function slaClocks(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiFacts['slaClocks']> {
  const rows = await whereCase(
    db
      .selectFrom('cases')
      .select('cases.sla_json')
      .where('cases.sla_json', 'is not', null)
      .where('cases.opened_at', '<', period.to)
      .where((eb) => eb.or([eb('cases.updated_at', '>=', period.from), eb('cases.sla_due_at', 'is not', null)])),
    filters,
  ).execute();
  return rows.map((row) => (JSON.parse(row.sla_json!) as CaseSla).clocks);
}

async function complaintsOpened(db: Queryable, period: Period, filters: KpiFilters): Promise<string[]> {
  if (filters.kind && filters.kind !== 'complaint') return [];
  const rows = await whereCase(
    db.selectFrom('cases').select('cases.opened_at').where('cases.kind', '=', 'complaint').where('cases.opened_at', '>=', period.from).where('cases.opened_at', '<', period.to),
    { ...filters, kind: undefined },
  ).execute();
  return rows.map((row) => row.opened_at);
}

async function ordersPlaced(db: Queryable, period: Period): Promise<string[]> {
  const rows = await db.selectFrom('transactions').select('purchased_at').where('purchased_at', '>=', period.from).where('purchased_at', '<', period.to).execute();
  return rows.map((row) => row.purchased_at);
}

async function followUps(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiFacts['followUps']> {
  let select = db
    .selectFrom('follow_ups')
    .select((eb) => [
      'follow_ups.due_at',
      'follow_ups.status',
      'follow_ups.done_at',
      'follow_ups.skip_reason',
      // A message follow-up is done when its message is sent; a call when its outcome is recorded.
      eb.selectFrom('outbound_messages').select((m) => m.fn.min('outbound_messages.sent_at').as('sent_at')).whereRef('outbound_messages.follow_up_id', '=', 'follow_ups.id').as('sent_at'),
    ])
    .where('follow_ups.due_at', '>=', period.from)
    .where('follow_ups.due_at', '<', period.to);
  if (filters.agent) select = select.where('follow_ups.assignee_id', '=', filters.agent);
  if (filters.team || filters.channel || filters.kind) {
    select = whereCase(select.innerJoin('cases', 'cases.id', 'follow_ups.case_id'), { ...filters, agent: undefined });
  }
  const rows = await select.execute();
  return rows.map((row) => ({
    dueAt: row.due_at,
    status: row.status,
    doneAt: row.done_at ?? (row.sent_at as string | null),
    // The code is what the reasons are counted by.
    skipReason: decodeReason(row.skip_reason).code,
  }));
}

async function loggedInteractions(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiFacts['loggedInteractions']> {
  let select = db
    .selectFrom('interactions')
    .select(['interactions.occurred_at', 'interactions.logged_at'])
    .where('interactions.author_type', '=', 'user')
    .where('interactions.occurred_at', '>=', period.from)
    .where('interactions.occurred_at', '<', period.to);
  // By who logged it and on which channel it happened; team and kind are the case's.
  if (filters.agent) select = select.where('interactions.author_id', '=', filters.agent);
  if (filters.channel) select = select.where('interactions.channel', '=', filters.channel);
  if (filters.team || filters.kind) select = whereCase(select.innerJoin('cases', 'cases.id', 'interactions.case_id'), { team: filters.team, kind: filters.kind });
  const rows = await select.execute();
  return rows.map((row) => ({ occurredAt: row.occurred_at, loggedAt: row.logged_at }));
}

async function readFacts(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiFacts> {
  const [answers, resolved, clocks, complaints, orders, followUpFacts, logged] = await Promise.all([
    surveyAnswers(db, period, filters),
    resolvedCases(db, period, filters),
    slaClocks(db, period, filters),
    complaintsOpened(db, period, filters),
    ordersPlaced(db, period),
    followUps(db, period, filters),
    loggedInteractions(db, period, filters),
  ]);
  return { answers, resolvedCases: resolved, slaClocks: clocks, complaintsOpenedAt: complaints, ordersPlacedAt: orders, followUps: followUpFacts, loggedInteractions: logged };
}

/** Every KPI over the period and filters, with the counts behind each and its definition. */
export async function kpiReport(db: Queryable, query: KpiQuery, nowMs = Date.now()): Promise<KpiReport> {
  const period = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const filters = filtersOf(query);
  const values = computeKpis(await readFacts(db, period, filters), { ...period, nowMs });
  return {
    from: period.from,
    to: period.to,
    filters,
    kpis: KPI_NAMES.map((name) => ({ ...KPI_DEFINITIONS[name], ...values[name], counts: describeCounts(name, values[name]) })),
  };
}

/** The KPIs asked for per week or month of the period: the facts are read once and counted per bucket. */
export async function kpiSeries(db: Queryable, query: KpiSeriesQuery, nowMs = Date.now()): Promise<KpiSeries> {
  const period = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const buckets = periodBuckets(period.fromMs, period.toMs, query.interval);
  if (buckets.length > MAX_BUCKETS) throw invalidField('from', `the period holds ${buckets.length} ${query.interval}s; at most ${MAX_BUCKETS} are charted`);
  const facts = await readFacts(db, period, filtersOf(query));
  const names: KpiName[] = [...new Set(query.kpi)];
  return {
    from: period.from,
    to: period.to,
    interval: query.interval,
    kpis: names.map((name) => {
      const { label, unit, definition } = KPI_DEFINITIONS[name];
      return { name, label, unit, definition };
    }),
    points: buckets.map((bucket) => {
      const values = computeKpis(facts, { ...bucket, nowMs });
      return {
        start: new Date(bucket.fromMs).toISOString(),
        end: new Date(bucket.toMs).toISOString(),
        values: Object.fromEntries(names.map((name): [string, KpiValue] => [name, values[name]])),
      };
    }),
  };
}
