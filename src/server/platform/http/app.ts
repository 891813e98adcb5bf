import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { registerAccessRoutes } from '../../modules/access/access.routes.js';
import { registerSessionRoutes } from '../../modules/access/session.routes.js';
import { registerLoyaltyRoutes } from '../../modules/analytics/loyalty.routes.js';
import { registerAuditRoutes } from '../../modules/audit/audit.routes.js';
import { registerCaseRoutes } from '../../modules/cases/cases.routes.js';
import { registerChannelRoutes } from '../../modules/channels/channels.routes.js';
import { registerContactRoutes } from '../../modules/contact/contact.routes.js';
import { registerCustomerRoutes } from '../../modules/customers/customers.routes.js';
import { registerFeedbackRoutes } from '../../modules/feedback/feedback.routes.js';
import { registerKpiRoutes } from '../../modules/analytics/kpi.routes.js';
import { registerFollowUpRoutes } from '../../modules/follow-ups/follow-ups.routes.js';
import { registerImportRoutes } from '../../modules/imports/imports.routes.js';
import { registerPolicyRoutes } from '../../modules/policies/policies.routes.js';
import { registerResolutionRoutes } from '../../modules/resolutions/resolutions.routes.js';
import { registerSlaReportRoutes } from '../../modules/sla/sla-report.routes.js';
import { registerSlaRoutes } from '../../modules/sla/sla.routes.js';
import { registerSurveyRoutes } from '../../modules/surveys/surveys.routes.js';
import { registerTransactionRoutes } from '../../modules/transactions/transactions.routes.js';
import { registerWebhookRoutes } from '../../modules/webhooks/webhooks.routes.js';
import type { Store } from '../db/database.js';
import { registerAuthentication } from './authenticate.js';
import { handleError } from './error-handler.js';
import type { Api } from './fastify-types.js';

export interface AppOptions {
  store: Store;
  secureCookies?: boolean;
  trustProxy?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Where the built web UI is; defaults to dist/web of this checkout. */
  webRoot?: string;
}

const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dist/web');

export async function buildApp(options: AppOptions): Promise<Api> {
  const { store } = options;
  // One line per request would drown the log of a busy desk; errors are still logged with their request.
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Handlers return domain objects already shaped by the shared schemas; response schemas document
  // the API, and re-validating every response would only cost time.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleError);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Aftercare API',
        description:
          'Post-transaction customer service. Authenticate with `Authorization: Bearer KEY` (API key) or the session cookie plus `X-CSRF-Token`. Create endpoints accept an `Idempotency-Key` header.',
        version: '0.1.0',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerAuthentication(app, store);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(store.db);
      return { status: 'ok', engine: store.engine };
    } catch {
      return reply.code(503).send({ status: 'unavailable', engine: store.engine });
    }
  });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const deps = { store };
  registerSessionRoutes(app, deps, { secureCookies: options.secureCookies ?? false });
  registerAccessRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerContactRoutes(app, deps);
  registerTransactionRoutes(app, deps);
  registerCaseRoutes(app, deps);
  registerChannelRoutes(app, deps);
  registerResolutionRoutes(app, deps);
  registerPolicyRoutes(app, deps);
  registerSlaRoutes(app, deps);
  registerSlaReportRoutes(app, deps);
  registerFollowUpRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerFeedbackRoutes(app, deps);
  registerSurveyRoutes(app, deps);
  registerLoyaltyRoutes(app, deps);
  registerKpiRoutes(app, deps);

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const hasUi = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasUi) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !path.extname(request.url.split('?')[0]!);
    if (isPage && hasUi) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
  return app;
}
