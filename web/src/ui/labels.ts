import type { Case, CaseKind, CaseStatus, Channel, Customer, Direction, Transaction } from '../../../src/shared/index.js';

// A choice over a vocabulary offers its values in the order its record lists them (see ChoiceOptions), so each
// record keeps the order of its vocabulary in src/shared/enums.ts.

export const STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  resolution_proposed: 'Resolution proposed',
  awaiting_approval: 'Awaiting approval',
  awaiting_customer: 'Awaiting customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const KIND_LABELS: Record<CaseKind, string> = {
  query: 'Query',
  complaint: 'Complaint',
  return: 'Return',
  fault: 'Fault',
  feedback: 'Feedback',
  'check-in': 'Check-in',
};

export const PRIORITY_LABELS: Record<Case['priority'], string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  phone: 'Phone',
  sms: 'SMS',
  chat: 'Chat',
  in_person: 'In person',
  web: 'Web form',
  letter: 'Letter',
};

export const DIRECTION_LABELS: Record<Direction, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal note',
};

export const TIER_LABELS: Record<Customer['tier'], string> = {
  standard: 'Standard',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

export const ORDER_STATUS_LABELS: Record<Transaction['status'], string> = {
  placed: 'Placed',
  paid: 'Paid',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
  refunded: 'Refunded',
};

/** A label for a value the UI has no entry for yet (say, a status added on the server later). */
export function labelFor<K extends string>(labels: Record<K, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value.replace(/[_-]/g, ' ');
}
