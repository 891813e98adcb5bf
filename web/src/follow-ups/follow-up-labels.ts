import type { FollowUp, FollowUpOutcome, FollowUpPurpose, FollowUpStatus, FollowUpTrigger } from '../../../src/shared/index.js';
import type { FOLLOW_UP_CANCEL_REASONS } from '../../../src/shared/index.js';
import { SKIP_REASON_LABELS } from '../customers/contact-labels.js';
import { labelFor } from '../ui/labels.js';

// Each record lists its vocabulary in the order of src/shared (see ChoiceOptions).

export const PURPOSE_LABELS: Record<FollowUpPurpose, string> = {
  confirm_resolution: 'Confirm resolution',
  satisfaction_check: 'Satisfaction check',
  post_purchase_checkin: 'Post-purchase check-in',
  callback: 'Callback',
  survey: 'Survey',
};

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  scheduled: 'Scheduled',
  due: 'Due',
  sent: 'Sent',
  done: 'Done',
  answered: 'Answered',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export const OUTCOME_LABELS: Record<FollowUpOutcome, string> = {
  satisfied: 'Satisfied',
  further_needs: 'Further needs (opens a linked case)',
  no_answer: 'No answer',
};

/** An outcome as a short fact beside a follow-up's status, without the form's explanation. */
export const OUTCOME_NAMES: Record<FollowUpOutcome, string> = {
  satisfied: 'Satisfied',
  further_needs: 'Further needs',
  no_answer: 'No answer',
};

export const TRIGGER_LABELS: Record<FollowUpTrigger, string> = {
  case_awaiting_customer: 'A case starts awaiting the customer',
  case_resolved: 'A case is resolved',
  order_delivered: 'An order is delivered',
};

const CANCEL_REASON_LABELS: Record<(typeof FOLLOW_UP_CANCEL_REASONS)[number], string> = {
  case_moved_on: 'Case moved on',
  cancelled_by_agent: 'Cancelled',
};

const STOP_REASON_LABELS = { ...SKIP_REASON_LABELS, ...CANCEL_REASON_LABELS };

/** Why a follow-up did not happen, in words: the reason's label and, where there is one, its detail. */
export function stopReasonText(followUp: Pick<FollowUp, 'skipReason' | 'skipDetail'>): string | null {
  if (!followUp.skipReason) return null;
  const label = labelFor(STOP_REASON_LABELS, followUp.skipReason);
  return followUp.skipDetail ? `${label}: ${followUp.skipDetail}` : label;
}

/** "in 2 days" style descriptions of a rule's delay. */
export function describeDelay(minutes: number): string {
  if (minutes === 0) return 'at once';
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} ${minutes === 24 * 60 ? 'day' : 'days'} later`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'} later`;
  return `${minutes} min later`;
}
