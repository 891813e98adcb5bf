import { z } from 'zod';
import { CaseSummary } from './cases.js';
import { Instant } from './common.js';

export const SLA_REPORT_GROUPINGS = ['policy', 'team', 'agent', 'week'] as const;
export const SlaReportGrouping = z.enum(SLA_REPORT_GROUPINGS);
export type SlaReportGrouping = z.infer<typeof SlaReportGrouping>;

export const SlaReportQuery = z.object({
  from: Instant.optional().describe('start of the period (inclusive); defaults to 30 days before `to`'),
  to: Instant.optional().describe('end of the period (exclusive); defaults to now'),
  groupBy: SlaReportGrouping.default('policy').describe(
    "policy: the policy that applies to the case; team, agent: the case's current team or assignee; week: the UTC week (from Monday) in which each target was met or breached",
  ),
});
export type SlaReportQuery = z.infer<typeof SlaReportQuery>;

/** One SLA target's figures in one group over the period. */
export const SlaTargetFigures = z.object({
  met: z.number().int().describe('targets met in the period (counted when they stopped: the reply, or the resolution)'),
  breached: z.number().int().describe('targets breached in the period (counted at their due time), whether or not met since'),
  compliance: z.number().min(0).max(1).nullable().describe('SLA compliance: met / (met + breached); null when there is neither'),
  medianMinutes: z
    .number()
    .nullable()
    .describe('median business minutes from the start of the clock to the reply (or resolution), among targets that stopped in the period, paused time excluded; null when none'),
  p90Minutes: z.number().nullable().describe('90th percentile of the same (linear between the nearest ranks); null when none'),
});
export type SlaTargetFigures = z.infer<typeof SlaTargetFigures>;

export const SlaReportGroup = z.object({
  key: z.string().describe('policy id, team id, user id, or the Monday (YYYY-MM-DD) of a week; "none" for cases without a team or assignee'),
  label: z.string(),
  targets: z.object({ first_response: SlaTargetFigures, next_response: SlaTargetFigures, resolution: SlaTargetFigures }),
});
export type SlaReportGroup = z.infer<typeof SlaReportGroup>;

export const SlaReport = z.object({
  from: Instant,
  to: Instant,
  groupBy: SlaReportGrouping,
  groups: z.array(SlaReportGroup),
  breached: z.array(CaseSummary).describe('cases with a target breached in the period, latest breach first, at most 100'),
});
export type SlaReport = z.infer<typeof SlaReport>;
