import type { Queryable } from '../../platform/db/database.js';
import type { OutboundMessageRow } from '../../platform/db/schema.js';
import { registerSendCheck, registerSender, SendError } from '../channels/dispatcher.js';
import { postWebhook } from './webhook-post.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import { webhookSettingsOf } from './webhook-target.js';

const endpointOf = (db: Queryable, message: OutboundMessageRow) =>
  db.selectFrom('webhook_endpoints').select(['url', 'secret', 'active']).where('id', '=', message.webhook_endpoint_id ?? '').executeTakeFirst();

// A delivery still queued when its endpoint is deactivated or deleted is cancelled, not sent.
registerSendCheck(async (db, message) => {
  if (message.channel !== 'webhook') return null;
  const endpoint = await endpointOf(db, message);
  if (!endpoint) return 'the webhook endpoint was deleted';
  return Number(endpoint.active) === 1 ? null : 'the webhook endpoint is inactive';
});

/**
 * Posts a delivery to its endpoint's URL as it is now (a corrected URL serves the retries), signed
 * at the moment it leaves. `Aftercare-Delivery` is the same on every try, so a receiver that got
 * a delivery whose answer was lost can tell the retry is one it already has.
 */
registerSender('webhook', async (message, { store, signal }) => {
  const endpoint = await endpointOf(store.db, message);
  if (!endpoint) throw new SendError('the webhook endpoint was deleted', { permanent: true });
  const headers = {
    [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, message.body_text, Math.floor(Date.now() / 1000)),
    'Aftercare-Event': message.purpose,
    'Aftercare-Delivery': message.message_id,
  };
  const outcome = await postWebhook(endpoint.url, message.body_text, headers, webhookSettingsOf(store), { signal });
  if (!outcome.sent) throw new SendError(outcome.reason, { permanent: outcome.permanent });
  return { providerRef: `HTTP ${outcome.status}` };
});
