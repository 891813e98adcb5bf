import { z } from 'zod';
import { CASE_KINDS, CHANNELS } from '../enums.js';
import { EntityId, Instant } from './common.js';

/** The KPIs of the dashboard, in the order it shows them (DESIGN.md, "Measures: one definition each"). */
export const KPI_NAMES = [
  'csat',
  'nps',
  'ces',
  'first_contact_resolution',
  'reopen_rate',
  'sla_compliance',
  'first_response_median',
  'first_response_p90',
  'resolution_median',
  'resolution_p90',
  'complaints_per_1000_orders',
  'follow_up_on_time',
  'logging_lag_median',
  'logging_lag_p90',
] as const;
export const KpiName = z.enum(KPI_NAMES);
export type KpiName = z.infer<typeof KpiName>;

/**
 * share: a fraction 0…1 shown as a percentage; nps: −100…100; mean_1_7: CES mean on its scale;
 * business_minutes: minutes within the business hours of the case's SLA calendar; minutes: clock
 * minutes; per_1000: a rate per thousand.
 */
export const KPI_UNITS = ['share', 'nps', 'mean_1_7', 'business_minutes', 'minutes', 'per_1000'] as const;
export const KpiUnit = z.enum(KPI_UNITS);
export type KpiUnit = z.infer<typeof KpiUnit>;

export const KpiFilters = z.object({
  team: EntityId.optional().describe("only cases (and the responses and follow-ups of cases) of this team; interactions by the case's team"),
  agent: EntityId.optional().describe('only cases assigned to, responses about, follow-ups assigned to, or interactions logged by this user'),
  channel: z.enum(CHANNELS).optional().describe('only cases that came in on this channel (interactions: their own channel)'),
  kind: z.enum(CASE_KINDS).optional().describe('only cases of this kind'),
});
export type KpiFilters = z.infer<typeof KpiFilters>;

export const KpiQuery = KpiFilters.extend({
  from: Instant.optional().describe('start of the period (inclusive); defaults to 30 days before `to`'),
  to: Instant.optional().describe('end of the period (exclusive); defaults to now'),
});
export type KpiQuery = z.infer<typeof KpiQuery>;

/** One part of a KPI's count: NPS promoters, skipped follow-ups by reason. */
export const KpiPart = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export type KpiPart = z.infer<typeof KpiPart>;

/** A KPI's value over a period, with the counts it comes from. */
export const KpiValue = z.object({
  value: z.number().nullable().describe('null when nothing in the period counts (never 0 for "no data")'),
  numerator: z.number().nullable().describe('what the value counts (answers scoring 4–5, cases resolved at first contact…); null for medians and percentiles'),
  denominator: z.number().int().describe('how many items the value is computed over (answers, resolved cases, targets, follow-ups, interactions)'),
  parts: z.array(KpiPart).describe('a breakdown where the definition names one: NPS promoters/passives/detractors, skipped follow-ups by reason'),
});
export type KpiValue = z.infer<typeof KpiValue>;

export const KpiFigure = KpiValue.extend({
  name: KpiName,
  label: z.string(),
  definition: z.string().describe('the one definition, shown beside the figure'),
  unit: KpiUnit,
  counts: z.string().describe('the counts behind the value in words, e.g. "4 of 5 answers"'),
});
export type KpiFigure = z.infer<typeof KpiFigure>;

export const KpiReport = z.object({
  from: Instant,
  to: Instant,
  filters: KpiFilters,
  rebuilding: z.boolean().describe('true until the KPI facts of data stored before an upgrade are all derived (the kpi.rebuild job has not finished, or failed): figures may be short'),
  kpis: z.array(KpiFigure),
});
export type KpiReport = z.infer<typeof KpiReport>;

export const KPI_INTERVALS = ['week', 'month'] as const;

export const KpiSeriesQuery = KpiQuery.extend({
  kpi: z
    .string()
    .transform((text) => text.split(',').map((name) => name.trim()))
    .pipe(z.array(KpiName).min(1).max(KPI_NAMES.length))
    .describe('one KPI name, or several separated by commas'),
  interval: z.enum(KPI_INTERVALS).default('week').describe('week: UTC weeks from Monday; month: UTC calendar months'),
});
export type KpiSeriesQuery = z.infer<typeof KpiSeriesQuery>;

export const KpiSeriesPoint = z.object({
  start: Instant.describe('start of the bucket (inclusive), clipped to the period'),
  end: Instant.describe('end of the bucket (exclusive), clipped to the period'),
  values: z.record(z.string(), KpiValue).describe('per KPI name asked for'),
});
export type KpiSeriesPoint = z.infer<typeof KpiSeriesPoint>;

export const KpiSeries = z.object({
  from: Instant,
  to: Instant,
  interval: z.enum(KPI_INTERVALS),
  kpis: z.array(z.object({ name: KpiName, label: z.string(), unit: KpiUnit, definition: z.string() })),
  points: z.array(KpiSeriesPoint),
});
export type KpiSeries = z.infer<typeof KpiSeries>;
