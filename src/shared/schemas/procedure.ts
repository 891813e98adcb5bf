import { z } from 'zod';
import { CASE_EVENTS, INTERACTION_MARKS, ROOT_CAUSES } from '../enums.js';
import { MANUAL_CASE_EVENTS } from '../case-lifecycle.js';
import { EntityId, Instant } from './common.js';

export const CaseEvent = z.enum(CASE_EVENTS);
export type CaseEvent = z.infer<typeof CaseEvent>;

export const InteractionMark = z.enum(INTERACTION_MARKS);
export type InteractionMark = z.infer<typeof InteractionMark>;

export const RootCause = z.enum(ROOT_CAUSES);
export type RootCause = z.infer<typeof RootCause>;

const Reason = z.string().trim().min(1, 'must not be empty').max(2000);

/** One step the case took through its lifecycle, with who took it and why. */
export const CaseTransition = z.object({
  id: EntityId,
  caseId: EntityId,
  event: CaseEvent,
  fromStatus: z.string(),
  toStatus: z.string(),
  reason: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: Instant,
});
export type CaseTransition = z.infer<typeof CaseTransition>;

export const RequestTransition = z.object({
  event: z.enum(MANUAL_CASE_EVENTS).describe('resolution events happen through the case’s resolutions'),
  reason: Reason.optional().describe('why; required to reopen'),
});
export type RequestTransition = z.infer<typeof RequestTransition>;

/** What the agent records for the complaint procedure: the concern, the restatement, the cause. */
export const UpdateProcedure = z.object({
  concern: z.string().trim().min(1, 'must not be empty').max(10_000).optional().describe("the customer's concern in their own words"),
  restatement: z.string().trim().min(1, 'must not be empty').max(10_000).optional().describe("the agent's restatement, to confirm with the customer"),
  cause: z.string().trim().min(1, 'must not be empty').max(10_000).optional().describe('the cause, as explained to the customer'),
  rootCause: RootCause.optional().describe('root-cause category, for analysis'),
});
export type UpdateProcedure = z.infer<typeof UpdateProcedure>;

export const PROCEDURE_STEPS = ['listen', 'apologise', 'thank', 'explain', 'resolve'] as const;

export const ProcedureStep = z.object({
  step: z.enum(PROCEDURE_STEPS),
  done: z.boolean(),
  missing: z.array(z.string()).describe('what is still to be recorded for this step'),
});
export type ProcedureStep = z.infer<typeof ProcedureStep>;

/** The LATER checklist; it guards the lifecycle of complaints and guides every other case. */
export const ComplaintProcedure = z.object({
  required: z.boolean().describe('true for complaints, whose lifecycle the checklist guards'),
  concern: z.string().nullable(),
  restatement: z.string().nullable(),
  restatementAt: Instant.nullable(),
  cause: z.string().nullable(),
  rootCause: RootCause.nullable(),
  steps: z.array(ProcedureStep),
  failedAttempts: z.number().int().describe('documented failed attempts to reach the customer while awaiting them'),
  unreachableAttempts: z.number().int().describe('failed attempts needed before a case may be resolved without confirmation'),
});
export type ComplaintProcedure = z.infer<typeof ComplaintProcedure>;

/** A next step offered on the case, or why it is not possible yet. */
export const CaseAction = z.object({
  event: CaseEvent,
  manual: z.boolean().describe('requested through POST /cases/{id}/transitions; else through resolutions'),
  blockedBy: z.string().nullable(),
});
export type CaseAction = z.infer<typeof CaseAction>;

export const ProcedureSettings = z.object({
  unreachableAttempts: z.number().int().min(1).max(10).describe('documented failed attempts before a case may be resolved unconfirmed'),
  defensivePhrases: z
    .array(z.string().trim().min(2, 'must have at least 2 characters').max(100))
    .max(200)
    .describe('phrases the reply check flags'),
});
export type ProcedureSettings = z.infer<typeof ProcedureSettings>;

export const UpdateProcedureSettings = ProcedureSettings.partial();
export type UpdateProcedureSettings = z.infer<typeof UpdateProcedureSettings>;
