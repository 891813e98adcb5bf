import type { z } from 'zod';
import type {
  Notification,
  ApprovalRequest,
  AuditEvent,
  AuthorityLimit,
  BusinessCalendar,
  Channel,
  CreatePolicy,
  CreatePolicyVersion,
  CreateReplyTemplate,
  DecideResolution,
  Policy,
  PolicyDetail,
  ProcedureSettings,
  ProposeResolution,
  RecordCustomerResponse,
  RenderedTemplate,
  SaveBusinessCalendar,
  SaveSlaPolicy,
  SlaPolicy,
  SlaReport,
  SlaReportGrouping,
  ReplyTemplate,
  RequestTransition,
  Resolution,
  Role,
  SetAuthorityLimit,
  TemplateKind,
  UpdateProcedure,
  UpdateProcedureSettings,
  UpdateReplyTemplate,
  Case,
  CaseCounts,
  CaseDetail,
  CaseListQuery,
  CaseSummary,
  CreateCase,
  CreateInteraction,
  Customer,
  Interaction,
  JourneyEntry,
  Page,
  Session,
  Team,
  Transaction,
  UpdateCase,
  User,
} from '../../../src/shared/index.js';
import { request } from './api-client.js';

type CustomerTier = Customer['tier'];

export type CaseFilter = Omit<z.input<typeof CaseListQuery>, 'cursor' | 'limit' | 'open'> & {
  /** Only cases that are not closed. */
  open?: boolean;
};

export interface PageRequest {
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
}

export type NewCase = z.input<typeof CreateCase>;

const PAGE_SIZE = 50;

export const sessionApi = {
  current: (signal?: AbortSignal) => request<Session>('GET', '/api/session', { signal }),
  signIn: (email: string, password: string) => request<Session>('POST', '/api/session', { body: { email, password } }),
  signOut: () => request<void>('DELETE', '/api/session'),
};

export const casesApi = {
  list: (filter: CaseFilter, page: PageRequest = {}) =>
    request<Page<CaseSummary>>('GET', '/api/cases', {
      query: { ...filter, cursor: page.cursor, limit: page.limit ?? PAGE_SIZE },
      signal: page.signal,
    }),
  counts: (signal?: AbortSignal) => request<CaseCounts>('GET', '/api/cases/counts', { signal }),
  get: (id: string, signal?: AbortSignal) => request<CaseDetail>('GET', `/api/cases/${encodeURIComponent(id)}`, { signal }),
  audit: (id: string, signal?: AbortSignal) =>
    request<{ items: AuditEvent[] }>('GET', `/api/cases/${encodeURIComponent(id)}/audit`, { signal }),
  addInteraction: (id: string, interaction: z.input<typeof CreateInteraction>) =>
    request<Interaction>('POST', `/api/cases/${encodeURIComponent(id)}/interactions`, { body: interaction }),
  update: (id: string, changes: UpdateCase) =>
    request<Case>('PATCH', `/api/cases/${encodeURIComponent(id)}`, { body: changes }),
  create: (input: NewCase) => request<CaseDetail>('POST', '/api/cases', { body: input }),
};

export const customersApi = {
  list: (filter: { q?: string; tier?: CustomerTier }, page: PageRequest = {}) =>
    request<Page<Customer>>('GET', '/api/customers', {
      query: { ...filter, cursor: page.cursor, limit: page.limit ?? PAGE_SIZE },
      signal: page.signal,
    }),
  get: (id: string, signal?: AbortSignal) => request<Customer>('GET', `/api/customers/${encodeURIComponent(id)}`, { signal }),
  timeline: (id: string, signal?: AbortSignal) =>
    request<{ items: JourneyEntry[] }>('GET', `/api/customers/${encodeURIComponent(id)}/timeline`, { signal }),
};

export const transactionsApi = {
  listForCustomer: (customerId: string, signal?: AbortSignal) =>
    request<Page<Transaction>>('GET', '/api/transactions', { query: { customerId, limit: 200 }, signal }),
  get: (id: string, signal?: AbortSignal) =>
    request<Transaction>('GET', `/api/transactions/${encodeURIComponent(id)}`, { signal }),
};

export const directoryApi = {
  teams: (signal?: AbortSignal) => request<{ items: Team[] }>('GET', '/api/teams', { signal }),
  users: (signal?: AbortSignal) => request<Page<User>>('GET', '/api/users', { query: { limit: 200 }, signal }),
};

export const procedureApi = {
  transition: (caseId: string, body: RequestTransition) =>
    request<CaseDetail>('POST', `/api/cases/${encodeURIComponent(caseId)}/transitions`, { body }),
  update: (caseId: string, body: UpdateProcedure) =>
    request<CaseDetail>('PATCH', `/api/cases/${encodeURIComponent(caseId)}/procedure`, { body }),
  settings: (signal?: AbortSignal) => request<ProcedureSettings>('GET', '/api/settings/procedure', { signal }),
  updateSettings: (body: UpdateProcedureSettings) => request<ProcedureSettings>('PUT', '/api/settings/procedure', { body }),
};

export type NewResolution = z.input<typeof ProposeResolution>;

export const resolutionsApi = {
  propose: (caseId: string, body: NewResolution) =>
    request<Resolution>('POST', `/api/cases/${encodeURIComponent(caseId)}/resolutions`, { body }),
  decide: (id: string, body: DecideResolution) =>
    request<Resolution>('POST', `/api/resolutions/${encodeURIComponent(id)}/decision`, { body }),
  customerResponse: (id: string, body: RecordCustomerResponse) =>
    request<Resolution>('POST', `/api/resolutions/${encodeURIComponent(id)}/customer-response`, { body }),
  fulfil: (id: string) => request<Resolution>('POST', `/api/resolutions/${encodeURIComponent(id)}/fulfilment`),
  approvals: (signal?: AbortSignal) => request<{ items: ApprovalRequest[] }>('GET', '/api/approvals', { signal }),
};

export const authorityApi = {
  list: (filter: { role?: Role; userId?: string } = {}, signal?: AbortSignal) =>
    request<{ items: AuthorityLimit[] }>('GET', '/api/authority-limits', { query: filter, signal }),
  mine: (signal?: AbortSignal) => request<{ items: AuthorityLimit[] }>('GET', '/api/authority-limits/mine', { signal }),
  set: (body: z.input<typeof SetAuthorityLimit>) => request<AuthorityLimit>('PUT', '/api/authority-limits', { body }),
  remove: (id: string) => request<void>('DELETE', `/api/authority-limits/${encodeURIComponent(id)}`),
};

export const policiesApi = {
  list: (signal?: AbortSignal) => request<{ items: Policy[] }>('GET', '/api/policies', { signal }),
  get: (id: string, signal?: AbortSignal) => request<PolicyDetail>('GET', `/api/policies/${encodeURIComponent(id)}`, { signal }),
  create: (body: CreatePolicy) => request<PolicyDetail>('POST', '/api/policies', { body }),
  addVersion: (id: string, body: CreatePolicyVersion) =>
    request<PolicyDetail>('POST', `/api/policies/${encodeURIComponent(id)}/versions`, { body }),
};

export const templatesApi = {
  list: (filter: Partial<{ kind: TemplateKind; channel: Channel; language: string; active: boolean }> = {}, signal?: AbortSignal) =>
    request<{ items: ReplyTemplate[] }>('GET', '/api/templates', { query: filter, signal }),
  create: (body: z.input<typeof CreateReplyTemplate>) => request<ReplyTemplate>('POST', '/api/templates', { body }),
  update: (id: string, body: UpdateReplyTemplate) =>
    request<ReplyTemplate>('PATCH', `/api/templates/${encodeURIComponent(id)}`, { body }),
  render: (caseId: string, templateId: string) =>
    request<RenderedTemplate>('POST', `/api/cases/${encodeURIComponent(caseId)}/rendered-templates`, { body: { templateId } }),
};

export const templateDetailApi = {
  /** One reply template or call script, retired ones included. */
  get: (id: string, signal?: AbortSignal) => request<ReplyTemplate>('GET', `/api/templates/${encodeURIComponent(id)}`, { signal }),
};

export type SaveCalendar = z.input<typeof SaveBusinessCalendar>;
export type SavePolicy = z.input<typeof SaveSlaPolicy>;

export const slaApi = {
  calendars: (signal?: AbortSignal) => request<{ items: BusinessCalendar[] }>('GET', '/api/sla/calendars', { signal }),
  createCalendar: (body: SaveCalendar) => request<BusinessCalendar>('POST', '/api/sla/calendars', { body }),
  updateCalendar: (id: string, body: SaveCalendar) =>
    request<BusinessCalendar>('PUT', `/api/sla/calendars/${encodeURIComponent(id)}`, { body }),
  policies: (signal?: AbortSignal) => request<{ items: SlaPolicy[] }>('GET', '/api/sla/policies', { signal }),
  createPolicy: (body: SavePolicy) => request<SlaPolicy>('POST', '/api/sla/policies', { body }),
  updatePolicy: (id: string, body: SavePolicy) =>
    request<SlaPolicy>('PUT', `/api/sla/policies/${encodeURIComponent(id)}`, { body }),
  /** Open cases whose next target is overdue or due within `withinMinutes`, soonest first. */
  atRisk: (query: { withinMinutes?: number; limit?: number } = {}, signal?: AbortSignal) =>
    request<{ items: CaseSummary[] }>('GET', '/api/sla/at-risk', { query, signal }),
};

/** One of the signed-in user's notifications (an SLA warning or breach on a case, say). */
export type AppNotification = Notification;

export const notificationsApi = {
  list: (signal?: AbortSignal) => request<{ items: AppNotification[]; unread: number }>('GET', '/api/notifications', { signal }),
  markRead: (id: string) => request<void>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
};

export const reportsApi = {
  /** SLA compliance and business response times per policy, team, agent or week over [from, to), with the cases breached in it. */
  sla: (query: { from?: string; to?: string; groupBy?: SlaReportGrouping }, signal?: AbortSignal) =>
    request<SlaReport>('GET', '/api/reports/sla', { query, signal }),
};
