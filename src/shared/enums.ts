/*
 * The closed vocabularies of the domain, free of any library so the web UI can import them
 * without pulling in the schema code.
 */

export const ROLES = ['agent', 'supervisor', 'manager', 'admin', 'auditor'] as const;

export const CUSTOMER_TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;

export const TRANSACTION_STATUSES = [
  'placed',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
  'refunded',
] as const;

export const CASE_KINDS = ['query', 'complaint', 'return', 'fault', 'feedback', 'check-in'] as const;

export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'resolution_proposed',
  'awaiting_approval',
  'awaiting_customer',
  'resolved',
  'closed',
] as const;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const CHANNELS = ['email', 'phone', 'sms', 'chat', 'in_person', 'web', 'letter'] as const;

export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;

export const IMPORT_MODES = ['all-or-nothing', 'valid-only'] as const;
