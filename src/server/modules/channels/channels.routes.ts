import { z } from 'zod';
import { IdParams, InboundMessage, InboundMessageListQuery, InboundResult, OutboundMessage, OutboundMessageListQuery, pageOf } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { invalidField } from '../../platform/http/errors.js';
import { listInboundMessages, listOutboundMessages, retryOutboundMessage } from './channels.store.js';
import { ingestEmail } from './inbound-mail.js';
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

  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post(
    '/api/inbound/email',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['channels'],
        summary: 'Hand in one received mail as raw MIME (Content-Type: message/rfc822), e.g. from a mail provider’s inbound webhook; 201 taken in, 200 when its Message-ID was taken in before',
        consumes: ['message/rfc822'],
        body: z.any().describe('the raw mail, headers and body, as received'),
        response: { 200: InboundResult, 201: InboundResult },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw invalidField('body', 'must be the raw mail with Content-Type: message/rfc822');
      const result = await ingestEmail(store, request.body, 'webhook');
      return reply.code(result.outcome === 'duplicate' ? 200 : 201).send(result);
    },
  );
}
