import { z } from 'zod';
import {
  CreateImprovementItem,
  FeedbackQuery,
  FeedbackThemes,
  IdParams,
  ImprovementItem,
  ImprovementItemListQuery,
  ImprovementSuggestions,
  UpdateImprovementItem,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { feedbackThemes, improvementSuggestions, TEXTS_READ } from './feedback.store.js';
import { createImprovementItem, getImprovementItem, listImprovementItems, updateImprovementItem } from './improvement-items.store.js';

const ANALYSIS =
  `Survey comments (by submission time) and complaint concerns (by the case's opening) in the period, at most the latest ${TEXTS_READ} of each. ` +
  'Themes are key phrases grouped by the texts they share; CSAT (share of answers 4–5) and NPS (% promoters − % detractors) compare responses mentioning a theme with the rest.';

export function registerFeedbackRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/feedback/themes',
    { config: { permission: 'record:read' }, schema: { tags: ['feedback'], summary: 'Themes of survey comments and complaint concerns, by volume or effect on CSAT and NPS', description: ANALYSIS, querystring: FeedbackQuery, response: { 200: FeedbackThemes } } },
    (request) => feedbackThemes(store, request.query),
  );
  app.get(
    '/api/feedback/suggestions',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['feedback'],
        summary: 'Improvement suggestions: the themes that lower scores or are complained about, with evidence and estimated effect',
        description: `${ANALYSIS} The estimated lift is the share of responses mentioning the theme × the gap to the rest.`,
        querystring: FeedbackQuery,
        response: { 200: ImprovementSuggestions },
      },
    },
    (request) => improvementSuggestions(store, request.query),
  );
  app.get(
    '/api/improvement-items',
    { config: { permission: 'record:read' }, schema: { tags: ['feedback'], summary: 'Improvement items, newest first', querystring: ImprovementItemListQuery, response: { 200: z.object({ items: z.array(ImprovementItem) }) } } },
    async (request) => ({ items: await listImprovementItems(store.db, request.query) }),
  );
  app.get(
    '/api/improvement-items/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['feedback'], summary: 'One improvement item', params: IdParams, response: { 200: ImprovementItem } } },
    (request) => getImprovementItem(store.db, request.params.id),
  );
  app.post(
    '/api/improvement-items',
    { config: { permission: 'policy:manage' }, schema: { tags: ['feedback'], summary: 'Track an improvement, e.g. from a suggestion with its evidence; refused (409) while one is open for the theme unless forced', body: CreateImprovementItem, response: { 201: ImprovementItem } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createImprovementItem(work, request.body)),
  );
  app.patch(
    '/api/improvement-items/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['feedback'], summary: 'Change the owner, status, due date or description', params: IdParams, body: UpdateImprovementItem, response: { 200: ImprovementItem } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateImprovementItem(work, request.params.id, request.body)),
  );
}
