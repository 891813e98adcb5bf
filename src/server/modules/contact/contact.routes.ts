import { z } from 'zod';
import {
  ConsentEvent,
  ContactPlan,
  ContactPreferencesView,
  FOLLOW_UP_CHANNELS,
  IdParams,
  RecordConsentEvent,
  RequestContactPlan,
  SaveContactPreferences,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { nowInstant } from '../../platform/ids.js';
import { consentEventsOf, contactPreferencesView, planContactFor, recordConsentEvent, saveContactPreferences } from './contact.store.js';

export function registerContactRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/customers/:id/contact-preferences',
    {
      config: { permission: 'record:read' },
      schema: { tags: ['contact'], summary: 'How to contact the customer: preferences (defaults named), consent per channel and purpose, opt-outs', params: IdParams, response: { 200: ContactPreferencesView } },
    },
    (request) => contactPreferencesView(store.db, request.params.id),
  );
  app.put(
    '/api/customers/:id/contact-preferences',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['contact'],
        summary: 'Replace the customer’s preferences; a field left out follows the default. Opt-outs are consent events.',
        params: IdParams,
        body: SaveContactPreferences,
        response: { 200: ContactPreferencesView },
      },
    },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => saveContactPreferences(work, request.params.id, request.body)),
  );
  app.get(
    '/api/customers/:id/consent-events',
    {
      config: { permission: 'record:read' },
      schema: { tags: ['contact'], summary: 'The customer’s consent history, newest first', params: IdParams, response: { 200: z.object({ items: z.array(ConsentEvent) }) } },
    },
    async (request) => ({ items: await consentEventsOf(store.db, request.params.id) }),
  );
  app.post(
    '/api/customers/:id/consent-events',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['contact'],
        summary: 'Record that the customer gave or withdrew consent; channel any withdrawn opts out of the purpose. The history is append-only.',
        params: IdParams,
        body: RecordConsentEvent,
        response: { 201: ConsentEvent },
      },
    },
    (request, reply) => respondCreated(store, request, reply, (work) => recordConsentEvent(work, request.params.id, request.body)),
  );
  app.post(
    '/api/customers/:id/contact-plan',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['contact'],
        summary: 'Which channel and when a contact for a purpose would go out now, or why it would be skipped; changes nothing',
        params: IdParams,
        body: RequestContactPlan,
        response: { 200: ContactPlan },
      },
    },
    (request) =>
      planContactFor(store.db, {
        customerId: request.params.id,
        purpose: request.body.purpose,
        requestedAt: request.body.requestedAt ?? nowInstant(),
        channels: FOLLOW_UP_CHANNELS,
        requestedChannel: request.body.channel ?? null,
        capExempt: false,
        latestAt: request.body.latestAt,
      }),
  );
}
