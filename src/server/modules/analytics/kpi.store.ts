import { type Expression, type RawBuilder, type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import type { KpiFilters, KpiName, KpiQuery, KpiReport, KpiSeries, KpiSeriesQuery, KpiValue } from '../../../shared/index.js';
import { KPI_NAMES } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { invalidField } from '../../platform/http/errors.js';
import { FOLLOW_UP_BUCKETS, KPI_DIMENSIONS, periodParts, placeOfRank, quantileRanks, RESOLVED_CASE_FLAGS, scopeOfFilters, SLA_OUTCOME_BUCKETS, valueAtOffset, ZERO_BUCKET } from './kpi-facts.js';
// The facts this store reads are kept by the hooks and the job that module registers when loaded.
import { type BucketedMeasure, kpiFactsRebuilding } from './kpi-facts.store.js';
import { reportPeriod } from './loyalty.store.js';
import { describeCounts, KPI_DEFINITIONS, type KpiAggregates, kpiValues, type Percentiles, periodBuckets } from './kpis.js';

const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** A series over more buckets than this is refused: a year of weeks, or ten years of months. */
const MAX_BUCKETS = 120;

type Period = ReturnType<typeof reportPeriod>;

const filtersOf = (query: KpiQuery): KpiFilters => ({ team: query.team, agent: query.agent, channel: query.channel, kind: query.kind });

type FactTable = 'kpi_resolved_cases' | 'kpi_sla_targets' | 'kpi_logging_lags' | 'kpi_follow_ups';

/** The filters on a KPI fact table, which keeps the same four dimensions on every fact. */
function whereDimensions<Q extends SelectQueryBuilder<Database, FactTable, any>>(select: Q, filters: KpiFilters): Q {
  let out = select;
  for (const [name, column] of Object.entries(KPI_DIMENSIONS)) {
    const value = filters[name as keyof KpiFilters];
    if (value) out = out.where(column as any, '=', value) as Q;
  }
  return out;
}

// Counts come back as numbers from SQLite and as text (bigint) from PostgreSQL.
const count = (value: unknown) => Number(value ?? 0);

async function surveyAnswers(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiAggregates['answers']> {
  let select = db
    .selectFrom('survey_responses')
    .select((eb) => {
      const when = (condition: Expression<SqlBool>) => eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
      return [
        eb.fn.count<number>('csat').as('csat'),
        when(eb('csat', '>=', 4)).as('csat_good'),
        eb.fn.count<number>('nps').as('nps'),
        when(eb('nps', '>=', 9)).as('promoters'),
        when(eb('nps', '<=', 6)).as('detractors'),
        eb.fn.count<number>('ces').as('ces'),
        eb.fn.sum<number>('ces').as('ces_sum'),
      ];
    })
    .where('submitted_at', '>=', period.from)
    .where('submitted_at', '<', period.to);
  // Filtered by the team, agent, channel and kind kept on the response as they were when asked.
  if (filters.team) select = select.where('team_id', '=', filters.team);
  if (filters.agent) select = select.where('agent_id', '=', filters.agent);
  if (filters.channel) select = select.where('case_channel', '=', filters.channel);
  if (filters.kind) select = select.where('case_kind', '=', filters.kind);
  const row = (await select.executeTakeFirst())!;
  return {
    csat: count(row.csat),
    csatGood: count(row.csat_good),
    nps: count(row.nps),
    promoters: count(row.promoters),
    detractors: count(row.detractors),
    ces: count(row.ces),
    cesSum: count(row.ces_sum),
  };
}

async function resolvedCases(db: Queryable, period: Period, filters: KpiFilters): Promise<KpiAggregates['resolvedCases']> {
  const counts = await bucketCounts(db, COUNTED.resolved_case, period, filters);
  const sum = (which: (bucket: number) => boolean) => counts.reduce((total, { bucket, n }) => total + (which(bucket) ? n : 0), 0);
  return {
    total: sum(() => true),
    firstContact: sum((bucket) => (bucket & RESOLVED_CASE_FLAGS.firstContact) !== 0),
    reopened: sum((bucket) => (bucket & RESOLVED_CASE_FLAGS.reopened) !== 0),
  };
}

/** SLA targets met in the period, and breached in it: at their due time, once that has passed (running ones are counted from the facts, since no write marks the moment). */
async function slaOutcomes(db: Queryable, period: Period, filters: KpiFilters, now: string): Promise<KpiAggregates['sla']> {
  const [counts, running] = await Promise.all([
    bucketCounts(db, COUNTED.sla_outcome, period, filters),
    now < period.from
      ? undefined
      : whereDimensions(
          db
            .selectFrom('kpi_sla_targets')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('state', '=', 'running')
            .where('outcome_at', '>=', period.from)
            .where('outcome_at', '<', period.to)
            .where('outcome_at', '<=', now),
          filters,
        ).executeTakeFirst(),
  ]);
  const of = (bucket: number) => counts.find((entry) => entry.bucket === bucket)?.n ?? 0;
  return { met: of(SLA_OUTCOME_BUCKETS.met), breached: of(SLA_OUTCOME_BUCKETS.breached) + count(running?.n) };
}

/** What a measure's bucket counts are read from: its fact table, the instant it counts at, its bucket, and the rows that have it. */
interface Counted {
  measure: BucketedMeasure;
  table: FactTable;
  at: string;
  bucket: RawBuilder<number>;
  only?: (select: SelectQueryBuilder<Database, any, any>) => SelectQueryBuilder<Database, any, any>;
}

const COUNTED: Record<BucketedMeasure, Counted> = {
  resolved_case: { measure: 'resolved_case', table: 'kpi_resolved_cases', at: 'first_resolved_at', bucket: sql<number>`first_contact * ${sql.lit(RESOLVED_CASE_FLAGS.firstContact)} + reopened * ${sql.lit(RESOLVED_CASE_FLAGS.reopened)}` },
  sla_outcome: {
    measure: 'sla_outcome',
    table: 'kpi_sla_targets',
    at: 'outcome_at',
    // Literals, not parameters: PostgreSQL matches the GROUP BY to the selected expression by its text.
    bucket: sql<number>`case when state = 'met' then ${sql.lit(SLA_OUTCOME_BUCKETS.met)} else ${sql.lit(SLA_OUTCOME_BUCKETS.breached)} end`,
    only: (s) => s.where('state', 'in', ['met', 'breached']),
  },
  first_response: { measure: 'first_response', table: 'kpi_sla_targets', at: 'stopped_at', bucket: sql<number>`minutes_bucket`, only: (s) => s.where('target', '=', 'first_response') },
  resolution: { measure: 'resolution', table: 'kpi_sla_targets', at: 'stopped_at', bucket: sql<number>`minutes_bucket`, only: (s) => s.where('target', '=', 'resolution') },
  logging_lag: { measure: 'logging_lag', table: 'kpi_logging_lags', at: 'occurred_at', bucket: sql<number>`minutes_bucket` },
  follow_up: {
    measure: 'follow_up',
    table: 'kpi_follow_ups',
    at: 'due_at',
    bucket: sql<number>`case when outcome = 'on_time' then ${sql.lit(FOLLOW_UP_BUCKETS.on_time)} else ${sql.lit(FOLLOW_UP_BUCKETS.late)} end`,
    only: (s) => s.where('outcome', 'in', ['on_time', 'late']),
  },
};

function factsOf(db: Queryable, counted: Counted, range: { from: string; to: string }, filters: KpiFilters) {
  const select = db.selectFrom(counted.table).where(counted.at as any, '>=', range.from).where(counted.at as any, '<', range.to);
  return whereDimensions(counted.only ? (counted.only(select) as typeof select) : select, filters);
}

/**
 * How many of the period's facts fall in each bucket, in bucket order. With no filter or one,
 * whole months and days come from the bucket counts of the whole desk or of that team, agent,
 * channel or kind, and only the part days at the ends from the facts; with several filters,
 * everything comes from the facts, through the index of one of them.
 */
async function bucketCounts(db: Queryable, counted: Counted, period: Period, filters: KpiFilters): Promise<{ bucket: number; n: number }[]> {
  const counts = new Map<number, number>();
  const add = (rows: { bucket: unknown; n: unknown }[]) => {
    for (const row of rows) counts.set(count(row.bucket), (counts.get(count(row.bucket)) ?? 0) + count(row.n));
  };
  const fromFacts = async (range: { from: string; to: string }) =>
    add(await factsOf(db, counted, range, filters).select((eb) => [counted.bucket.as('bucket'), eb.fn.countAll<number>().as('n')]).groupBy(counted.bucket).execute());
  const scope = scopeOfFilters(filters);
  if (scope === null) {
    await fromFacts(period);
  } else {
    const fromCounts = async (grain: 'month' | 'day', range: { from: string; to: string }) =>
      add(
        await db
          .selectFrom('kpi_buckets')
          .select((eb) => ['bucket', eb.fn.sum<number>('n').as('n')])
          .where('measure', '=', counted.measure)
          .where('scope', '=', scope)
          .where('grain', '=', grain)
          .where('period', '>=', range.from)
          .where('period', '<', range.to)
          .groupBy('bucket')
          .execute(),
      );
    const parts = periodParts(period.fromMs, period.toMs);
    await Promise.all([
      ...(parts.months ? [fromCounts('month', parts.months)] : []),
      ...parts.days.map((range) => fromCounts('day', range)),
      ...parts.instants.map(fromFacts),
    ]);
  }
  return [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b).map(([bucket, n]) => ({ bucket, n }));
}

/** The median and 90th percentile of a duration over the period, exact: only the buckets their ranks fall in are read value by value. */
async function percentiles(db: Queryable, counted: Counted, period: Period, filters: KpiFilters): Promise<Percentiles> {
  const counts = await bucketCounts(db, counted, period, filters);
  const n = counts.reduce((sum, entry) => sum + entry.n, 0);
  const valuesOf = new Map<number, Promise<{ value: number; n: number }[]>>();
  const bucketValues = (bucket: number) => {
    let values = valuesOf.get(bucket);
    if (!values) {
      values = factsOf(db, counted, period, filters)
        .select((eb) => ['minutes as value', eb.fn.countAll<number>().as('n')])
        .where('minutes_bucket', '=', bucket)
        .groupBy('minutes')
        .orderBy('minutes')
        .execute()
        .then((rows) => rows.map((row) => ({ value: Number(row.value), n: count(row.n) })));
      valuesOf.set(bucket, values);
    }
    return values;
  };
  const at = async (p: number) => {
    const ranks = quantileRanks(n, p);
    if (!ranks) return null;
    const value = async (rank: number) => {
      const place = placeOfRank(counts, rank);
      return place.bucket === ZERO_BUCKET ? 0 : valueAtOffset(await bucketValues(place.bucket), place.offset);
    };
    const [low, high] = await Promise.all([value(ranks.low), value(ranks.high)]);
    return low + ranks.weight * (high - low);
  };
  const [p50, p90] = await Promise.all([at(0.5), at(0.9)]);
  return { n, p50, p90 };
}

async function complaintsOpened(db: Queryable, period: Period, filters: KpiFilters): Promise<number> {
  if (filters.kind && filters.kind !== 'complaint') return 0;
  let select = db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'complaint')
    .where('opened_at', '>=', period.from)
    .where('opened_at', '<', period.to);
  if (filters.team) select = select.where('team_id', '=', filters.team);
  if (filters.agent) select = select.where('assignee_id', '=', filters.agent);
  if (filters.channel) select = select.where('channel', '=', filters.channel);
  return count((await select.executeTakeFirst())?.n);
}

async function ordersPlaced(db: Queryable, period: Period): Promise<number> {
  const row = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('purchased_at', '>=', period.from)
    .where('purchased_at', '<', period.to)
    .executeTakeFirst();
  return count(row?.n);
}

/** Follow-ups due in the period: those done, and those still waiting once their hour has passed, count; skipped ones by reason. */
async function followUps(db: Queryable, period: Period, filters: KpiFilters, now: string): Promise<KpiAggregates['followUps']> {
  const [counts, others] = await Promise.all([
    bucketCounts(db, COUNTED.follow_up, period, filters),
    whereDimensions(
      db
        .selectFrom('kpi_follow_ups')
        .select((eb) => ['outcome', 'skip_code', eb.fn.countAll<number>().as('n')])
        .where((eb) => eb.or([eb('outcome', '=', 'skipped'), eb.and([eb('outcome', '=', 'waiting'), eb('grace_until', '<', now)])]))
        .where('due_at', '>=', period.from)
        .where('due_at', '<', period.to)
        .groupBy(['outcome', 'skip_code']),
      filters,
    ).execute(),
  ]);
  const skipped = new Map<string, number>();
  let waitedPast = 0;
  for (const row of others) {
    if (row.outcome === 'waiting') waitedPast += count(row.n);
    else skipped.set(row.skip_code ?? 'unknown', (skipped.get(row.skip_code ?? 'unknown') ?? 0) + count(row.n));
  }
  const of = (bucket: number) => counts.find((entry) => entry.bucket === bucket)?.n ?? 0;
  const onTime = of(FOLLOW_UP_BUCKETS.on_time);
  return { counted: onTime + of(FOLLOW_UP_BUCKETS.late) + waitedPast, onTime, skipped };
}

async function aggregates(db: Queryable, period: Period, filters: KpiFilters, nowMs: number): Promise<KpiAggregates> {
  const now = new Date(nowMs).toISOString();
  const [answers, resolved, sla, firstResponseMinutes, resolutionMinutes, loggingLagMinutes, complaints, orders, followUpCounts] = await Promise.all([
    surveyAnswers(db, period, filters),
    resolvedCases(db, period, filters),
    slaOutcomes(db, period, filters, now),
    percentiles(db, COUNTED.first_response, period, filters),
    percentiles(db, COUNTED.resolution, period, filters),
    percentiles(db, COUNTED.logging_lag, period, filters),
    complaintsOpened(db, period, filters),
    ordersPlaced(db, period),
    followUps(db, period, filters, now),
  ]);
  return { answers, resolvedCases: resolved, sla, firstResponseMinutes, resolutionMinutes, loggingLagMinutes, complaints, orders, followUps: followUpCounts };
}

/** Every KPI over the period and filters, with the counts behind each and its definition. */
export async function kpiReport(db: Queryable, query: KpiQuery, nowMs = Date.now()): Promise<KpiReport> {
  const period = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const filters = filtersOf(query);
  const [values, rebuilding] = await Promise.all([aggregates(db, period, filters, nowMs).then(kpiValues), kpiFactsRebuilding(db)]);
  return {
    from: period.from,
    to: period.to,
    filters,
    rebuilding,
    kpis: KPI_NAMES.map((name) => ({ ...KPI_DEFINITIONS[name], ...values[name], counts: describeCounts(name, values[name]) })),
  };
}

/** The KPIs asked for per week or month of the period, each bucket counted from the KPI facts as a period of its own. */
export async function kpiSeries(db: Queryable, query: KpiSeriesQuery, nowMs = Date.now()): Promise<KpiSeries> {
  const period = reportPeriod(query, nowMs, DEFAULT_PERIOD_MS);
  const buckets = periodBuckets(period.fromMs, period.toMs, query.interval);
  if (buckets.length > MAX_BUCKETS) throw invalidField('from', `the period holds ${buckets.length} ${query.interval}s; at most ${MAX_BUCKETS} are charted`);
  const filters = filtersOf(query);
  const names: KpiName[] = [...new Set(query.kpi)];
  return {
    from: period.from,
    to: period.to,
    interval: query.interval,
    kpis: names.map((name) => {
      const { label, unit, definition } = KPI_DEFINITIONS[name];
      return { name, label, unit, definition };
    }),
    points: await Promise.all(buckets.map(async (bucket) => {
      const values = kpiValues(await aggregates(db, { fromMs: bucket.fromMs, toMs: bucket.toMs, from: new Date(bucket.fromMs).toISOString(), to: new Date(bucket.toMs).toISOString() }, filters, nowMs));
      return {
        start: new Date(bucket.fromMs).toISOString(),
        end: new Date(bucket.toMs).toISOString(),
        values: Object.fromEntries(names.map((name): [string, KpiValue] => [name, values[name]])),
      };
    })),
  };
}
