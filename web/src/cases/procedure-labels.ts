import type {
  CaseStatus,
  InteractionMark,
  ProcedureStep,
  ResolutionStatus,
  RootCause,
} from '../../../src/shared/index.js';

// Each record keeps the order of its vocabulary in src/shared/enums.ts, the order a select or a list offers it in.

export const STEP_LABELS: Record<ProcedureStep['step'], string> = {
  listen: 'Listen',
  apologise: 'Apologise',
  thank: 'Thank',
  explain: 'Explain',
  resolve: 'Resolve',
};

export const ROOT_CAUSE_LABELS: Record<RootCause, string> = {
  product_quality: 'Product quality',
  delivery: 'Delivery',
  billing: 'Billing',
  staff_conduct: 'Staff conduct',
  communication: 'Communication',
  policy: 'Policy',
  process: 'Process',
  website_or_system: 'Website or system',
  third_party: 'Third party',
  customer_misunderstanding: 'Customer misunderstanding',
  other: 'Other',
};

export const RESOLUTION_STATUS_LABELS: Record<ResolutionStatus, string> = {
  proposed: 'Offered',
  pending_approval: 'Awaiting approval',
  approved: 'Approved',
  rejected: 'Rejected',
  accepted: 'Accepted by customer',
  declined: 'Declined by customer',
  fulfilled: 'Fulfilled',
};

/** What the agent ticks on a contact: the label in the composer, and the tag on the timeline. */
export const MARK_LABELS: Record<InteractionMark, { label: string; tag: string }> = {
  understanding_confirmed: { label: 'Customer confirmed my restatement', tag: 'Restatement confirmed' },
  apology: { label: 'Apologised', tag: 'Apology' },
  thanks: { label: 'Thanked the customer', tag: 'Thanks' },
  explanation: { label: 'Explained the cause', tag: 'Cause explained' },
  resolution_confirmed: { label: 'Customer confirms the resolution worked', tag: 'Resolution confirmed' },
  failed_attempt: { label: 'Attempt to reach the customer failed', tag: 'Failed attempt' },
};

/**
 * Ticks the agent changed: a failed attempt means nobody was reached, so it stands alone, and ticking it
 * clears the others (ticking another clears it).
 */
export function toggleMark(marks: readonly InteractionMark[], mark: InteractionMark, on: boolean): InteractionMark[] {
  if (!on) return marks.filter((m) => m !== mark);
  if (mark === 'failed_attempt') return ['failed_attempt'];
  return [...marks.filter((m) => m !== 'failed_attempt' && m !== mark), mark];
}

/** One stage of the status stepper; resolution proposed and awaiting approval share a stage. */
export interface LifecycleStage {
  statuses: readonly CaseStatus[];
  label: (status: CaseStatus) => string;
}

export const LIFECYCLE_STAGES: readonly LifecycleStage[] = [
  { statuses: ['new'], label: () => 'New' },
  { statuses: ['acknowledged'], label: () => 'Acknowledged' },
  { statuses: ['investigating'], label: () => 'Investigating' },
  {
    statuses: ['resolution_proposed', 'awaiting_approval'],
    label: (status) => (status === 'awaiting_approval' ? 'Awaiting approval' : 'Resolution proposed'),
  },
  { statuses: ['awaiting_customer'], label: () => 'Awaiting customer' },
  { statuses: ['resolved'], label: () => 'Resolved' },
  { statuses: ['closed'], label: () => 'Closed' },
];

export function stageIndex(status: CaseStatus): number {
  return LIFECYCLE_STAGES.findIndex((stage) => stage.statuses.includes(status));
}

/** The server's reasons are phrased to follow a colon; shown on their own, they start a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
