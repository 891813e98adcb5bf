import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, SurveyInvitation, SurveyInvitationQuery, SurveyResponse, SurveyResponseQuery, SurveySettings, UpdateSurveySettings } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { renderSurveyPage } from './survey-page.js';
import { surveySettings, updateSurveySettings } from './survey-settings.store.js';
import { answerSurvey, listSurveyInvitations, listSurveyResponses, surveyVisit, type SurveyVisit } from './surveys.store.js';

const FORM_LIMIT_BYTES = 64 * 1024;
const TokenParams = z.object({ token: z.string() });

const STATUS_OF: Record<SurveyVisit['kind'], { get: number; post: number }> = {
  invalid: { get: 400, post: 400 },
  expired: { get: 410, post: 410 },
  answered: { get: 200, post: 409 },
  recorded: { get: 200, post: 200 },
  open: { get: 200, post: 400 },
};

// The page is the customer's alone: not cached, not framed, no scripts, and the token in its
// address is never sent on as a referrer.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function registerSurveyRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/settings/surveys',
    { config: { permission: 'record:read' }, schema: { tags: ['settings'], summary: 'Survey settings: the questions asked, their texts per language, how long a link stays open, how often a customer may be asked', response: { 200: SurveySettings } } },
    () => surveySettings(store.db),
  );
  app.put(
    '/api/settings/surveys',
    { config: { permission: 'policy:manage' }, schema: { tags: ['settings'], summary: 'Change the survey settings', body: UpdateSurveySettings, response: { 200: SurveySettings } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateSurveySettings(work, request.body)),
  );
  app.get(
    '/api/survey-responses',
    { config: { permission: 'record:read' }, schema: { tags: ['surveys'], summary: 'Survey responses, newest first, by period, team and agent (as they were when the survey was sent)', querystring: SurveyResponseQuery, response: { 200: pageOf(SurveyResponse) } } },
    (request) => listSurveyResponses(store.db, request.query),
  );
  app.get(
    '/api/survey-invitations',
    { config: { permission: 'record:read' }, schema: { tags: ['surveys'], summary: 'The survey invitations of a case or a customer, each with its response', querystring: SurveyInvitationQuery, response: { 200: z.array(SurveyInvitation) } } },
    (request) => listSurveyInvitations(store.db, request.query),
  );

  // The customer's survey page: no sign-in, the signed token is the only key. Registered in a scope
  // of its own so that form bodies are accepted here and nowhere else.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.get('/survey/:token', { config: { permission: 'public' }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const visit = await surveyVisit(store, request.params.token);
      return reply.code(STATUS_OF[visit.kind].get).headers(PAGE_HEADERS).send(renderSurveyPage(visit, request.url));
    });
    scope.post('/survey/:token', { config: { permission: 'public' }, schema: { hide: true, params: TokenParams } }, async (request, reply) => {
      const form = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, string>) : {};
      const visit = await answerSurvey(store, request.params.token, form);
      return reply.code(STATUS_OF[visit.kind].post).headers(PAGE_HEADERS).send(renderSurveyPage(visit, request.url));
    });
  });
}
