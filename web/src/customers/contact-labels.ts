import type { ConsentAction, ConsentChannel, ContactPurpose, FollowUpChannel, PlanMove, SkipReason } from '../../../src/shared/index.js';

// Each record lists its vocabulary in the order of src/shared (see ChoiceOptions).

export const FOLLOW_UP_CHANNEL_LABELS: Record<FollowUpChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  phone: 'Phone',
};

export const CONSENT_CHANNEL_LABELS: Record<ConsentChannel, string> = {
  ...FOLLOW_UP_CHANNEL_LABELS,
  any: 'Any channel',
};

export const CONTACT_PURPOSE_LABELS: Record<ContactPurpose, string> = {
  service: 'Service',
  survey: 'Survey',
  marketing: 'Marketing',
};

export const CONSENT_ACTION_LABELS: Record<ConsentAction, string> = {
  given: 'Given',
  withdrawn: 'Withdrawn',
};

/** Why a contact was skipped, as a short phrase for lists and badges. */
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  opted_out: 'Opted out',
  no_consent: 'No consent',
  no_allowed_channel: 'No allowed channel',
  unreachable: 'No contact details',
  quiet_hours: 'Quiet hours until too late',
  frequency_cap: 'Contact limit reached',
  too_late: 'Too late',
};

export const PLAN_MOVE_LABELS: Record<PlanMove, string> = {
  quiet_hours: 'moved out of quiet hours',
  frequency_cap: 'moved to keep within the contact limit',
};
