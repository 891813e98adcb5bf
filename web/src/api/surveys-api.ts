import type { Page, SurveyInvitation, SurveyResponse, SurveyResponseQuery, SurveySettings, UpdateSurveySettings } from '../../../src/shared/index.js';
import { request } from './api-client.js';

export type SurveyResponseFilter = Omit<SurveyResponseQuery, 'cursor' | 'limit'>;

export const surveysApi = {
  responses: (filter: SurveyResponseFilter, page: { cursor?: string | null; limit?: number; signal?: AbortSignal } = {}) =>
    request<Page<SurveyResponse>>('GET', '/api/survey-responses', { query: { ...filter, cursor: page.cursor, limit: page.limit ?? 50 }, signal: page.signal }),
  invitations: (filter: { caseId?: string; customerId?: string }, signal?: AbortSignal) => request<SurveyInvitation[]>('GET', '/api/survey-invitations', { query: filter, signal }),
  settings: (signal?: AbortSignal) => request<SurveySettings>('GET', '/api/settings/surveys', { signal }),
  updateSettings: (body: UpdateSurveySettings) => request<SurveySettings>('PUT', '/api/settings/surveys', { body }),
};
