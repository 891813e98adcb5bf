
/**
 * Row types of every table, as stored. Instants are ISO-8601 UTC strings (`...Z`) on both engines,
 * so they sort as text and come back identical; JSON columns are text, parsed by their module.
 */
export interface Database {
  counters: { name: string; value: number };
  audit_events: AuditEventRow;
  teams: TeamRow;
  users: UserRow;
  sessions: SessionRow;
  api_keys: ApiKeyRow;
  login_failures: { id: string; email: string; ip: string; at: string };
  idempotency_keys: IdempotencyKeyRow;
  customers: CustomerRow;
  transactions: TransactionRow;
  cases: CaseRow;
  interactions: InteractionRow;
  case_transitions: CaseTransitionRow;
  policies: PolicyRow;
  policy_versions: PolicyVersionRow;
  resolutions: ResolutionRow;
  authority_limits: AuthorityLimitRow;
  reply_templates: ReplyTemplateRow;
  settings: SettingRow;
  business_calendars: BusinessCalendarRow;
  sla_policies: SlaPolicyRow;
  sla_events: SlaEventRow;
  notifications: NotificationRow;
  scheduled_jobs: ScheduledJobRow;
  contact_preferences: ContactPreferencesRow;
  consent_events: ConsentEventRow;
  follow_up_rules: FollowUpRuleRow;
  follow_ups: FollowUpRow;
  outbound_messages: OutboundMessageRow;
  inbound_messages: InboundMessageRow;
  webhook_endpoints: WebhookEndpointRow;
  survey_invitations: SurveyInvitationRow;
  survey_responses: SurveyResponseRow;
  improvement_items: ImprovementItemRow;
  kpi_resolved_cases: KpiResolvedCaseRow;
  kpi_sla_targets: KpiSlaTargetRow;
  kpi_logging_lags: KpiLoggingLagRow;
  kpi_follow_ups: KpiFollowUpRow;
  kpi_buckets: { measure: string; scope: string; grain: string; period: string; bucket: number; n: number };
}

export interface AuditEventRow {
  seq: number;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string;
  prev_hash: string;
  hash: string;
}

export interface TeamRow {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface IdempotencyKeyRow {
  principal_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string;
  language: string;
  tier: string;
  external_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransactionRow {
  id: string;
  external_id: string;
  customer_id: string;
  line_items_json: string;
  total_minor: number;
  currency: string;
  status: string;
  purchased_at: string;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseRow {
  id: string;
  number: string;
  customer_id: string;
  transaction_id: string | null;
  kind: string;
  subject: string;
  priority: string;
  channel: string;
  status: string;
  team_id: string | null;
  assignee_id: string | null;
  opened_at: string;
  created_at: string;
  updated_at: string;
  concern: string | null;
  restatement: string | null;
  restatement_at: string | null;
  cause: string | null;
  root_cause: string | null;
  requesting_team_id: string | null;
  sla_policy_id: string | null;
  sla_json: string | null;
  sla_due_at: string | null;
}

export interface InteractionRow {
  id: string;
  case_id: string;
  customer_id: string;
  channel: string;
  direction: string;
  author_type: string;
  author_id: string | null;
  author_name: string | null;
  body: string;
  occurred_at: string;
  logged_at: string;
  marks_json: string;
}

export interface CaseTransitionRow {
  id: string;
  case_id: string;
  event: string;
  from_status: string;
  to_status: string;
  reason: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
}

export interface PolicyRow {
  id: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionRow {
  id: string;
  policy_id: string;
  version: number;
  title: string;
  body: string;
  effective_from: string;
  created_by_name: string | null;
  created_at: string;
}

export interface ResolutionRow {
  id: string;
  case_id: string;
  type: string;
  amount_minor: number | null;
  currency: string | null;
  summary: string;
  no_action_reason: string | null;
  policy_id: string | null;
  policy_version: number | null;
  status: string;
  proposed_by_type: string;
  proposed_by_id: string | null;
  proposed_by_name: string | null;
  approval: string;
  approval_reason: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  customer_response_at: string | null;
  customer_note: string | null;
  fulfilled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** `subject_type` is 'role' or 'user'; `currency` '' means any currency. */
export interface AuthorityLimitRow {
  id: string;
  subject_type: string;
  subject: string;
  resolution_type: string;
  currency: string;
  max_amount_minor: number | null;
  created_at: string;
  updated_at: string;
}

export interface ReplyTemplateRow {
  id: string;
  name: string;
  kind: string;
  channel: string;
  language: string;
  body: string;
  policy_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SettingRow {
  id: string;
  value_json: string;
  updated_at: string;
}

export interface BusinessCalendarRow {
  id: string;
  name: string;
  timezone: string;
  hours_json: string;
  holidays_json: string;
  closures_json: string;
  created_at: string;
  updated_at: string;
}

export interface SlaPolicyRow {
  id: string;
  name: string;
  position: number;
  active: number;
  calendar_id: string;
  match_json: string;
  first_response_minutes: number | null;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  pause_statuses_json: string;
  warn_percent: number | null;
  warn_before_minutes: number | null;
  warning_actions_json: string;
  breach_actions_json: string;
  created_at: string;
  updated_at: string;
}

export interface SlaEventRow {
  id: string;
  case_id: string;
  policy_id: string;
  target: string;
  kind: string;
  due_at: string;
  fired_at: string;
  actions_json: string;
}

export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  case_id: string | null;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** `state`: pending, done, failed or cancelled; a pending job is claimed by setting locked_by/locked_until. */
export interface ScheduledJobRow {
  id: string;
  kind: string;
  key: string;
  run_at: string;
  state: string;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  payload_json: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

export interface ContactPreferencesRow {
  id: string;
  customer_id: string;
  preferred_channel: string | null;
  allowed_channels_json: string;
  quiet_start: string | null;
  quiet_end: string | null;
  language: string | null;
  cap_count: number | null;
  cap_days: number | null;
  created_at: string;
  updated_at: string;
}

/** `channel`: a channel, or `any` for every channel; `action`: given or withdrawn. */
export interface ConsentEventRow {
  id: string;
  customer_id: string;
  channel: string;
  purpose: string;
  action: string;
  source: string;
  occurred_at: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface FollowUpRuleRow {
  id: string;
  name: string;
  active: number;
  trigger: string;
  purpose: string;
  delay_minutes: number;
  channel: string | null;
  conditions_json: string;
  created_at: string;
  updated_at: string;
}

export interface FollowUpRow {
  id: string;
  customer_id: string;
  case_id: string | null;
  transaction_id: string | null;
  rule_id: string | null;
  purpose: string;
  status: string;
  channel: string | null;
  due_at: string;
  scheduled_for: string | null;
  assignee_id: string | null;
  note: string | null;
  attempts: number;
  outcome: string | null;
  outcome_summary: string | null;
  skip_reason: string | null;
  failure_reason: string | null;
  linked_case_id: string | null;
  message_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

/** `state`: queued, sent, failed or cancelled; a queued row is claimed by setting locked_by/locked_until. */
export interface OutboundMessageRow {
  id: string;
  channel: string;
  purpose: string;
  customer_id: string | null;
  case_id: string | null;
  follow_up_id: string | null;
  webhook_endpoint_id: string | null;
  recipient: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  headers_json: string;
  message_id: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  provider_ref: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface InboundMessageRow {
  id: string;
  message_id: string;
  channel: string;
  received_via: string;
  sender: string;
  subject: string | null;
  outcome: string;
  case_id: string | null;
  interaction_id: string | null;
  note: string | null;
  received_at: string;
}

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string | null;
  secret: string;
  events_json: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** `questions_json`: the questions asked, e.g. ["csat","nps","ces"]; `trigger`: what asked it (a rule's trigger, or manual). */
export interface SurveyInvitationRow {
  id: string;
  customer_id: string;
  case_id: string | null;
  transaction_id: string | null;
  follow_up_id: string | null;
  rule_id: string | null;
  trigger: string;
  questions_json: string;
  language: string;
  agent_id: string | null;
  team_id: string | null;
  case_channel: string | null;
  case_kind: string | null;
  expires_at: string;
  created_at: string;
  answered_at: string | null;
}

export interface SurveyResponseRow {
  id: string;
  invitation_id: string;
  customer_id: string;
  case_id: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  comment: string | null;
  sentiment: number | null;
  language: string;
  agent_id: string | null;
  team_id: string | null;
  case_channel: string | null;
  case_kind: string | null;
  submitted_at: string;
}

/** `status`: open, in_progress, done or dropped; `evidence_json`: counts and example comments the suggestion rested on. */
export interface ImprovementItemRow {
  id: string;
  title: string;
  theme: string;
  description: string | null;
  affected: string | null;
  evidence_json: string;
  estimated_effect: string | null;
  owner_id: string | null;
  status: string;
  due_date: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** What the dashboard filters every KPI fact by: the case's team, assignee, channel and kind. */
export interface KpiDimensions {
  team_id: string | null;
  assignee_id: string | null;
  channel: string | null;
  kind: string | null;
}

/** `first_contact`, `reopened`: 0 or 1. */
export interface KpiResolvedCaseRow extends KpiDimensions {
  case_id: string;
  /** The case's order: a new case on it can undo FCR. */
  transaction_id: string | null;
  first_resolved_at: string;
  first_contact: number;
  reopened: number;
}

/** `state`: met, breached or running; `outcome_at`: when met, or when due. */
export interface KpiSlaTargetRow extends KpiDimensions {
  case_id: string;
  target: string;
  state: string;
  outcome_at: string;
  stopped_at: string | null;
  minutes: number | null;
  minutes_bucket: number | null;
}

export interface KpiLoggingLagRow extends KpiDimensions {
  interaction_id: string;
  occurred_at: string;
  minutes: number;
  minutes_bucket: number;
}

/** `outcome`: on_time, late, waiting (not done, within its hour until `grace_until`) or skipped. */
export interface KpiFollowUpRow extends KpiDimensions {
  follow_up_id: string;
  due_at: string;
  outcome: string;
  grace_until: string;
  skip_code: string | null;
}
