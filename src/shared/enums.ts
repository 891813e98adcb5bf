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

/**
 * Replies and call scripts for agents, and the texts follow-ups go out with: a template whose kind
 * is a follow-up's purpose is used for it in its channel and language (FOLLOW_UP_PURPOSES).
 */
export const TEMPLATE_KINDS = ['reply', 'call_script', 'confirm_resolution', 'satisfaction_check', 'post_purchase_checkin', 'callback', 'survey'] as const;

/** Why we contact a customer: consent and opt-outs are kept per purpose. */
export const CONTACT_PURPOSES = ['service', 'survey', 'marketing'] as const;

export const CONSENT_ACTIONS = ['given', 'withdrawn'] as const;

/** What a follow-up is for; each belongs to one contact purpose (FOLLOW_UP_CONTACT_PURPOSE). */
export const FOLLOW_UP_PURPOSES = ['confirm_resolution', 'satisfaction_check', 'post_purchase_checkin', 'callback', 'survey'] as const;

export const FOLLOW_UP_CONTACT_PURPOSE: Record<(typeof FOLLOW_UP_PURPOSES)[number], (typeof CONTACT_PURPOSES)[number]> = {
  confirm_resolution: 'service',
  satisfaction_check: 'service',
  post_purchase_checkin: 'service',
  callback: 'service',
  survey: 'survey',
};

/**
 * scheduled: waiting for its slot; due: its slot came (a call task, or a message on its way);
 * sent: the message left; done: the outcome is recorded; answered: the customer replied;
 * failed: the send gave up; cancelled: no longer wanted; skipped: not allowed, with the reason.
 */
export const FOLLOW_UP_STATUSES = ['scheduled', 'due', 'sent', 'done', 'answered', 'failed', 'cancelled', 'skipped'] as const;

/** What the customer said: satisfied, further needs (which opens a linked case), or no answer. */
export const FOLLOW_UP_OUTCOMES = ['satisfied', 'further_needs', 'no_answer'] as const;

/** The channels follow-ups go out on: email and SMS are sent, phone becomes a call task. */
export const FOLLOW_UP_CHANNELS = ['email', 'sms', 'phone'] as const;

/** What makes a rule schedule a follow-up. */
export const FOLLOW_UP_TRIGGERS = ['case_awaiting_customer', 'case_resolved', 'order_delivered'] as const;

export const OUTBOUND_CHANNELS = ['email', 'sms', 'webhook'] as const;

export const OUTBOUND_STATES = ['queued', 'sent', 'failed', 'cancelled'] as const;

export const WEBHOOK_EVENTS = [
  'case.created',
  'case.status_changed',
  'follow_up.scheduled',
  'follow_up.sent',
  'follow_up.completed',
  'follow_up.failed',
  'survey.invited',
  'survey.answered',
] as const;

/** The survey questions: CSAT 1–5, NPS 0–10, CES 1–7 (7 = very easy). */
export const SURVEY_QUESTIONS = ['csat', 'nps', 'ces'] as const;

export const IMPROVEMENT_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
