import type { Resolution } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { ResolutionRow } from '../../platform/db/schema.js';

export type ResolutionWithPolicy = ResolutionRow & { policy_title: string | null };

/** Resolutions joined to the title of the policy version each cites. */
export function resolutionsWithPolicy(db: Queryable) {
  return db
    .selectFrom('resolutions')
    .leftJoin('policy_versions', (join) =>
      join.onRef('policy_versions.policy_id', '=', 'resolutions.policy_id').onRef('policy_versions.version', '=', 'resolutions.policy_version'),
    )
    .selectAll('resolutions')
    .select('policy_versions.title as policy_title');
}

export const resolutionsOfCase = compiledOnce((db, caseId: string) =>
  resolutionsWithPolicy(db).where('resolutions.case_id', '=', caseId).orderBy('resolutions.id'),
);

const nullableNumber = (value: number | string | null) => (value === null ? null : Number(value));

export function toResolution(row: ResolutionWithPolicy): Resolution {
  return {
    id: row.id,
    caseId: row.case_id,
    type: row.type as Resolution['type'],
    amountMinor: nullableNumber(row.amount_minor),
    currency: row.currency,
    summary: row.summary,
    policyId: row.policy_id,
    policyVersion: nullableNumber(row.policy_version),
    policyTitle: row.policy_title,
    status: row.status as Resolution['status'],
    proposedByType: row.proposed_by_type,
    proposedById: row.proposed_by_id,
    proposedByName: row.proposed_by_name,
    approval: row.approval as Resolution['approval'],
    approvalReason: row.approval_reason,
    decidedById: row.decided_by_id,
    decidedByName: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    customerResponseAt: row.customer_response_at,
    customerNote: row.customer_note,
    fulfilledAt: row.fulfilled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
