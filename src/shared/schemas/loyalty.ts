import { z } from 'zod';
import { CaseKind, Channel } from './cases.js';
import { EntityId, Instant } from './common.js';

/** The windows after closing in which a next purchase counts as a repeat purchase. */
export const REPEAT_WINDOWS = [30, 90, 180] as const;
export type RepeatWindow = (typeof REPEAT_WINDOWS)[number];

/** How the customers are split: each split's groups together hold every customer once. */
export const LOYALTY_SPLITS = ['follow_up', 'confirmation', 'csat'] as const;
export type LoyaltySplit = (typeof LOYALTY_SPLITS)[number];

export const LOYALTY_GROUPS = {
  follow_up: ['followed_up', 'not_followed_up'],
  confirmation: ['confirmed', 'not_confirmed'],
  csat: ['csat_4_5', 'csat_3', 'csat_1_2', 'csat_none'],
} as const satisfies Record<LoyaltySplit, readonly string[]>;
export type LoyaltyGroupKey = (typeof LOYALTY_GROUPS)[LoyaltySplit][number];

export const LoyaltyQuery = z.object({
  from: Instant.optional().describe('start of the period in which cases were closed (inclusive); defaults to 180 days before `to`'),
  to: Instant.optional().describe('end of the period (exclusive); defaults to now'),
  team: EntityId.optional().describe("only cases of this team (the case's current team)"),
  channel: Channel.optional().describe('only cases opened on this channel'),
  kind: CaseKind.optional().describe('only cases of this kind'),
});
export type LoyaltyQuery = z.infer<typeof LoyaltyQuery>;

/** A 95 % Wilson score interval of a proportion. */
export const ProportionInterval = z.object({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) });
export type ProportionInterval = z.infer<typeof ProportionInterval>;

export const LoyaltyGroupFigures = z.object({
  group: z.string().describe('followed_up, not_followed_up; confirmed, not_confirmed; csat_4_5, csat_3, csat_1_2, csat_none; or all'),
  customers: z.number().int().describe('customers in the group whose window has ended (the denominator)'),
  repeaters: z.number().int().describe('of those, customers who bought again within the window after closing'),
  rate: z.number().min(0).max(1).nullable().describe('repeaters / customers; null when no customer'),
  interval: ProportionInterval.nullable().describe('95 % Wilson score interval of the rate; null when no customer'),
  medianDaysToNextPurchase: z.number().nullable().describe('median days from closing to the next purchase, among the repeaters; null when none'),
  stillOpen: z.number().int().describe('customers in the group left out because their window has not ended yet'),
});
export type LoyaltyGroupFigures = z.infer<typeof LoyaltyGroupFigures>;

export const LoyaltyWindowFigures = z.object({
  days: z.number().int(),
  all: LoyaltyGroupFigures.describe('every customer, for comparison'),
  splits: z.object({
    follow_up: z.array(LoyaltyGroupFigures),
    confirmation: z.array(LoyaltyGroupFigures),
    csat: z.array(LoyaltyGroupFigures),
  }),
});
export type LoyaltyWindowFigures = z.infer<typeof LoyaltyWindowFigures>;

export const LoyaltyReport = z.object({
  from: Instant,
  to: Instant,
  customers: z.number().int().describe('customers with a case closed in the period (each counted once, by their last such case)'),
  windows: z.array(LoyaltyWindowFigures).describe('one per window: 30, 90 and 180 days'),
});
export type LoyaltyReport = z.infer<typeof LoyaltyReport>;

/** The stages of a customer's journey after a purchase, in order. */
export const JOURNEY_STAGES = ['purchase', 'delivery', 'first_contact', 'complaint', 'resolution', 'follow_up', 'survey', 'next_purchase'] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

export const JourneyMapQuery = z.object({
  from: Instant.optional().describe('start of the period in which customers purchased (inclusive); defaults to 90 days before `to`'),
  to: Instant.optional().describe('end of the period (exclusive); defaults to now'),
});
export type JourneyMapQuery = z.infer<typeof JourneyMapQuery>;

export const JourneyStageFigures = z.object({
  stage: z.enum(JOURNEY_STAGES),
  customers: z.number().int().describe('customers who reached the stage after their first purchase in the period'),
  fromPrevious: z.number().int().describe('of those, customers who had also reached the previous stage (all of them for the purchase)'),
  dropOff: z.number().int().describe('customers who reached the previous stage but not this one (0 for the purchase)'),
  dropOffRate: z.number().min(0).max(1).nullable().describe('dropOff / customers at the previous stage; null for the purchase or when nobody reached the previous stage'),
});
export type JourneyStageFigures = z.infer<typeof JourneyStageFigures>;

export const JourneyCluster = z.object({
  stage: z.enum(JOURNEY_STAGES).describe('the last stage the customer had reached when the complaint was opened or the answer given'),
  kind: CaseKind.nullable().describe('the kind of the case; null for an answer about no case'),
  rootCause: z.string().nullable().describe('the root cause recorded on the case; null when none'),
  complaints: z.number().int().describe('complaint cases opened'),
  lowCsat: z.number().int().describe('survey answers with CSAT 1 or 2'),
  lowNps: z.number().int().describe('survey answers with NPS 0 to 6'),
});
export type JourneyCluster = z.infer<typeof JourneyCluster>;

export const JourneyMap = z.object({
  from: Instant,
  to: Instant,
  stages: z.array(JourneyStageFigures),
  clusters: z.array(JourneyCluster).describe('where complaints and low scores fall, most first, at most 50'),
});
export type JourneyMap = z.infer<typeof JourneyMap>;
