import type { ResolutionType, Role, TEMPLATE_VARIABLES, TemplateKind } from '../../../src/shared/index.js';

// Each record keeps the order of its vocabulary in src/shared/enums.ts, the order a select offers it in.

export const RESOLUTION_TYPE_LABELS: Record<ResolutionType, string> = {
  refund_full: 'Full refund',
  refund_partial: 'Partial refund',
  replacement: 'Replacement',
  repair: 'Repair',
  credit_voucher: 'Credit or voucher',
  goodwill: 'Goodwill gesture',
  explanation_only: 'Explanation only',
  no_action: 'No action',
};

export const ROLE_LABELS: Record<Role, string> = {
  agent: 'Agent',
  supervisor: 'Supervisor',
  manager: 'Manager',
  admin: 'Admin',
  auditor: 'Auditor',
};

export const TEMPLATE_KIND_LABELS: Record<TemplateKind, string> = {
  reply: 'Reply template',
  call_script: 'Call script',
  confirm_resolution: 'Follow-up: confirm resolution',
  satisfaction_check: 'Follow-up: satisfaction check',
  post_purchase_checkin: 'Follow-up: post-purchase check-in',
  callback: 'Follow-up: callback request',
  survey: 'Follow-up: survey',
};

/** What each template variable is filled with; typed against the server's list, so none is missing. */
export const TEMPLATE_VARIABLE_HELP: Record<(typeof TEMPLATE_VARIABLES)[number], string> = {
  'customer.name': "the customer's name",
  'order.number': "the order's number in the shop",
  'case.number': 'the case number',
  'agent.name': 'the name of the agent sending it',
};
