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

/** What happens to a case; the lifecycle (case-lifecycle.ts) says which event is legal in which status. */
export const CASE_EVENTS = [
  'acknowledge',
  'start_investigation',
  'propose_resolution',
  'request_approval',
  'approve_resolution',
  'reject_resolution',
  'customer_accepted',
  'customer_declined',
  'await_customer',
  'customer_confirmed',
  'customer_unreachable',
  'close',
  'reopen',
] as const;

/**
 * What an interaction shows for the complaint procedure, ticked by the agent who logs it:
 * the customer confirmed the agent's restatement of the concern (Listen), an apology, thanks,
 * the explanation of the cause, the customer confirming the resolution worked, or a documented
 * attempt to reach the customer that failed.
 */
export const INTERACTION_MARKS = [
  'understanding_confirmed',
  'apology',
  'thanks',
  'explanation',
  'resolution_confirmed',
  'failed_attempt',
] as const;

export const ROOT_CAUSES = [
  'product_quality',
  'delivery',
  'billing',
  'staff_conduct',
  'communication',
  'policy',
  'process',
  'website_or_system',
  'third_party',
  'customer_misunderstanding',
  'other',
] as const;

export const RESOLUTION_TYPES = [
  'refund_full',
  'refund_partial',
  'replacement',
  'repair',
  'credit_voucher',
  'goodwill',
  'explanation_only',
  'no_action',
] as const;

export const RESOLUTION_STATUSES = [
  'proposed',
  'pending_approval',
  'approved',
  'rejected',
  'accepted',
  'declined',
  'fulfilled',
] as const;

export const TEMPLATE_KINDS = ['reply', 'call_script'] as const;
