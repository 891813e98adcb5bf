import { IdParams, InboundMessage, InboundMessageListQuery, OutboundMessage, OutboundMessageListQuery, pageOf } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { listInboundMessages, listOutboundMessages, retryOutboundMessage } from './channels.store.js';
// The channels this process sends on register their senders when loaded.
import './email-sender.js';
import './sms.js';

export function registerChannelRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/outbound-messages',
    {
      config: { permission: 'record:read' },
      schema: { tags: ['channels'], summary: 'The outbox: messages queued, sent, failed (with why) or cancelled, newest first', querystring: OutboundMessageListQuery, response: { 200: pageOf(OutboundMessage) } },
    },
    (request) => listOutboundMessages(store.db, request.query),
  );
  app.post(
    '/api/outbound-messages/:id/retry',
    {
      config: { permission: 'record:write' },
      schema: { tags: ['channels'], summary: 'Send a failed message again (409 if it has not failed)', params: IdParams, response: { 200: OutboundMessage } },
    },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => retryOutboundMessage(work, request.params.id)),
  );
  app.get(
    '/api/inbound-messages',
    {
      config: { permission: 'record:read' },
      schema: { tags: ['channels'], summary: 'Mail received and what became of it, newest first', querystring: InboundMessageListQuery, response: { 200: pageOf(InboundMessage) } },
    },
    (request) => listInboundMessages(store.db, request.query),
  );
}
