import { z } from 'zod';
import { RESOLUTION_STATUSES, RESOLUTION_TYPES } from '../enums.js';
import { Role } from './access.js';
import { CurrencyCode, EntityId, Instant, MinorUnits } from './common.js';

export const ResolutionType = z.enum(RESOLUTION_TYPES);
export type ResolutionType = z.infer<typeof ResolutionType>;

export const ResolutionStatus = z.enum(RESOLUTION_STATUSES);
export type ResolutionStatus = z.infer<typeof ResolutionStatus>;

export const Resolution = z.object({
  id: EntityId,
  caseId: EntityId,
  type: ResolutionType,
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  summary: z.string().describe('what is offered, in words the customer would recognise'),
  policyId: EntityId.nullable(),
  policyVersion: z.number().int().nullable(),
  policyTitle: z.string().nullable(),
  status: ResolutionStatus,
  proposedByType: z.string(),
  proposedById: z.string().nullable(),
  proposedByName: z.string().nullable(),
  approval: z.enum(['within_limit', 'required']).describe('approved at once within the proposer’s limit, or sent for approval'),
  approvalReason: z.string().nullable().describe('why approval was required'),
  decidedById: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decisionReason: z.string().nullable(),
  customerResponseAt: Instant.nullable(),
  customerNote: z.string().nullable(),
  fulfilledAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Resolution = z.infer<typeof Resolution>;

export const ProposeResolution = z.object({
  type: ResolutionType,
  summary: z.string().trim().min(1, 'must not be empty').max(2000).describe('what is offered'),
  amountMinor: MinorUnits.optional().describe('required for partial refunds, credit or voucher and goodwill; defaults to the order total for a full refund'),
  currency: CurrencyCode.optional().describe("defaults to the order's currency"),
  policyId: EntityId.optional().describe('the policy applied; without one the resolution is a deviation and always needs approval'),
  noActionReason: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('required when type is no_action'),
});
export type ProposeResolution = z.infer<typeof ProposeResolution>;

export const DecideResolution = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('required when rejecting'),
});
export type DecideResolution = z.infer<typeof DecideResolution>;

export const RecordCustomerResponse = z.object({
  response: z.enum(['accepted', 'declined']),
  note: z.string().trim().min(1, 'must not be empty').max(2000).optional().describe('what the customer said; required when they decline'),
});
export type RecordCustomerResponse = z.infer<typeof RecordCustomerResponse>;

/** A resolution waiting for approval, with what the approver needs to decide. */
export const ApprovalRequest = Resolution.extend({
  caseNumber: z.string(),
  caseSubject: z.string(),
  customerName: z.string(),
  canDecide: z.boolean().describe('the caller’s limit covers it and it is not their own'),
  cannotDecideBecause: z.string().nullable(),
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

/**
 * How far someone may go on one case without approval: a resolution type, and for types with an
 * amount, the most in one currency (the total of that type on the case). A user's own limits for a
 * type replace their role's.
 */
export const AuthorityLimit = z.object({
  id: EntityId,
  role: Role.nullable(),
  userId: EntityId.nullable(),
  userName: z.string().nullable(),
  resolutionType: ResolutionType,
  currency: z.string().nullable().describe('the currency the cap is in; null: any currency (a row for the resolution’s currency wins)'),
  maxAmountMinor: z.number().int().nullable().describe('the most per case, in minor units; null: no cap'),
  updatedAt: Instant,
});
export type AuthorityLimit = z.infer<typeof AuthorityLimit>;

export const SetAuthorityLimit = z
  .object({
    role: Role.optional(),
    userId: EntityId.optional(),
    resolutionType: ResolutionType,
    currency: CurrencyCode.nullable().default(null),
    maxAmountMinor: MinorUnits.nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if ((value.role === undefined) === (value.userId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'give either role or userId, not both' });
    }
  });
export type SetAuthorityLimit = z.infer<typeof SetAuthorityLimit>;

export const AuthorityLimitQuery = z.object({
  role: Role.optional(),
  userId: EntityId.optional(),
});
