import type {
  CreateImprovementItem,
  FeedbackQuery,
  FeedbackThemes,
  ImprovementItem,
  ImprovementSuggestions,
  UpdateImprovementItem,
} from '../../../src/shared/index.js';
import { request } from './api-client.js';

export type FeedbackFilter = Partial<FeedbackQuery>;

export const feedbackApi = {
  themes: (filter: FeedbackFilter, signal?: AbortSignal) => request<FeedbackThemes>('GET', '/api/feedback/themes', { query: filter, signal }),
  suggestions: (filter: FeedbackFilter, signal?: AbortSignal) => request<ImprovementSuggestions>('GET', '/api/feedback/suggestions', { query: filter, signal }),
  items: (signal?: AbortSignal) => request<{ items: ImprovementItem[] }>('GET', '/api/improvement-items', { signal }),
  createItem: (body: Partial<CreateImprovementItem> & Pick<CreateImprovementItem, 'title' | 'theme'>) => request<ImprovementItem>('POST', '/api/improvement-items', { body }),
  updateItem: (id: string, body: UpdateImprovementItem) => request<ImprovementItem>('PATCH', `/api/improvement-items/${id}`, { body }),
};
