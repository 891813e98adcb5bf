import type { z } from 'zod';
import type {
  FollowUp,
  FollowUpCounts,
  FollowUpListQuery,
  FollowUpPlan,
  FollowUpRule,
  Page,
  RecordOutcome,
  SaveFollowUpRule,
  ScheduleFollowUp,
} from '../../../src/shared/index.js';
import { request } from './api-client.js';

export type FollowUpFilter = Omit<z.input<typeof FollowUpListQuery>, 'cursor' | 'limit'>;
export type NewFollowUp = z.input<typeof ScheduleFollowUp>;
export type FollowUpRuleDraft = z.input<typeof SaveFollowUpRule>;

/** The end of today on the agent's clock: what "due today" means to them. */
export function endOfLocalDay(now = new Date()): string {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.toISOString();
}

export const followUpsApi = {
  list: (filter: FollowUpFilter, page: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {}) =>
    request<Page<FollowUp>>('GET', '/api/follow-ups', { query: { ...filter, cursor: page.cursor, limit: page.limit ?? 50 }, signal: page.signal }),
  counts: (signal?: AbortSignal) => request<FollowUpCounts>('GET', '/api/follow-ups/counts', { query: { dayEnd: endOfLocalDay() }, signal }),
  get: (id: string, signal?: AbortSignal) => request<FollowUp>('GET', `/api/follow-ups/${id}`, { signal }),
  preview: (caseId: string, body: NewFollowUp, signal?: AbortSignal) => request<FollowUpPlan>('POST', `/api/cases/${caseId}/follow-ups/preview`, { body, signal }),
  schedule: (caseId: string, body: NewFollowUp) => request<FollowUp>('POST', `/api/cases/${caseId}/follow-ups`, { body }),
  recordOutcome: (id: string, body: z.input<typeof RecordOutcome>) => request<FollowUp>('POST', `/api/follow-ups/${id}/outcome`, { body }),
  cancel: (id: string, reason: string) => request<FollowUp>('POST', `/api/follow-ups/${id}/cancel`, { body: { reason } }),
  retry: (id: string) => request<FollowUp>('POST', `/api/follow-ups/${id}/retry`),
};

export const followUpRulesApi = {
  list: (signal?: AbortSignal) => request<{ items: FollowUpRule[] }>('GET', '/api/follow-up-rules', { signal }),
  get: (id: string, signal?: AbortSignal) => request<FollowUpRule>('GET', `/api/follow-up-rules/${id}`, { signal }),
  create: (body: FollowUpRuleDraft) => request<FollowUpRule>('POST', '/api/follow-up-rules', { body }),
  update: (id: string, body: FollowUpRuleDraft) => request<FollowUpRule>('PUT', `/api/follow-up-rules/${id}`, { body }),
};
