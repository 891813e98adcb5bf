import { z } from 'zod';
import {
  CreatedWebhookEndpoint,
  IdParams,
  pageOf,
  SaveWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookSecret,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import './webhook-sender.js';
import { webhookSettingsOf } from './webhook-target.js';
import {
  createEndpoint,
  deleteEndpoint,
  endpointSecret,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  queuePing,
  rotateSecret,
  updateEndpoint,
} from './webhooks.store.js';

/**
 * Webhooks send case data to other systems, under a secret that authenticates Aftercare to them:
 * the same trust as issuing API keys, so only those who manage API keys manage them. Those who read
 * the audit log may see where data goes and how deliveries fared.
 */
const MANAGE = 'api-key:manage';
const READ = 'audit:read';

export function registerWebhookRoutes(app: Api, { store }: RouteDeps): void {
  const tags = ['webhooks'];
  app.get(
    '/api/webhooks',
    { config: { permission: READ }, schema: { tags, summary: 'Webhook endpoints (never their secrets)', response: { 200: z.object({ items: z.array(WebhookEndpoint) }) } } },
    async () => ({ items: await listEndpoints(store.db) }),
  );
  app.get(
    '/api/webhooks/:id',
    { config: { permission: READ }, schema: { tags, summary: 'One webhook endpoint', params: IdParams, response: { 200: WebhookEndpoint } } },
    (request) => getEndpoint(store.db, request.params.id),
  );
  app.post(
    '/api/webhooks',
    {
      config: { permission: MANAGE },
      schema: { tags, summary: 'Add an endpoint; its signing secret is in this response', body: SaveWebhookEndpoint, response: { 201: CreatedWebhookEndpoint } },
    },
    // Not idempotent on purpose: a replay would have to keep the secret in the stored answer.
    async (request, reply) => {
      const created = await inTransaction(store, principalOrThrow(request).actor, (work) => createEndpoint(work, request.body, webhookSettingsOf(store)));
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );
  app.patch(
    '/api/webhooks/:id',
    { config: { permission: MANAGE }, schema: { tags, summary: 'Change an endpoint, or deactivate it with active: false', params: IdParams, body: UpdateWebhookEndpoint, response: { 200: WebhookEndpoint } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateEndpoint(work, request.params.id, request.body, webhookSettingsOf(store))),
  );
  app.delete(
    '/api/webhooks/:id',
    { config: { permission: MANAGE }, schema: { tags, summary: 'Delete an endpoint; its deliveries still queued are cancelled', params: IdParams, response: { 200: WebhookEndpoint } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => deleteEndpoint(work, request.params.id)),
  );
  app.get(
    '/api/webhooks/:id/secret',
    { config: { permission: MANAGE }, schema: { tags, summary: "The endpoint's signing secret", params: IdParams, response: { 200: WebhookSecret } } },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await endpointSecret(store.db, request.params.id)),
  );
  app.post(
    '/api/webhooks/:id/secret',
    { config: { permission: MANAGE }, schema: { tags, summary: 'Replace the signing secret; deliveries not yet sent are signed with the new one', params: IdParams, response: { 200: WebhookSecret } } },
    async (request, reply) => {
      const rotated = await inTransaction(store, principalOrThrow(request).actor, (work) => rotateSecret(work, request.params.id));
      return reply.header('cache-control', 'no-store').send(rotated);
    },
  );
  app.post(
    '/api/webhooks/:id/test',
    { config: { permission: MANAGE }, schema: { tags, summary: 'Queue a ping event to the endpoint', params: IdParams, response: { 202: WebhookDelivery } } },
    async (request, reply) => reply.code(202).send(await inTransaction(store, principalOrThrow(request).actor, (work) => queuePing(work, request.params.id))),
  );
  app.get(
    '/api/webhooks/:id/deliveries',
    { config: { permission: READ }, schema: { tags, summary: "The endpoint's deliveries, newest first", params: IdParams, querystring: WebhookDeliveryQuery, response: { 200: pageOf(WebhookDelivery) } } },
    (request) => listDeliveries(store.db, request.params.id, request.query),
  );
}
