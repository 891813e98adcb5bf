import type { z } from 'zod';
import type {
  AuditEvent,
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
  addInteraction: (id: string, interaction: CreateInteraction) =>
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
