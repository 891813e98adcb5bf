import {
  WEBHOOK_EVENTS,
  type CreatedWebhookEndpoint,
  type Page,
  type SaveWebhookEndpoint,
  type UpdateWebhookEndpoint,
  type WebhookDelivery,
  type WebhookDeliveryQuery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../../shared/index.js';
import { deleteAudited, insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { OutboundMessageRow, WebhookEndpointRow } from '../../platform/db/schema.js';
import { storeCache } from '../../platform/db/store-cache.js';
import { beforeCommit, type Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { toCase } from '../cases/cases.store.js';
import { enqueueMessage } from '../channels/outbox.js';
import { EVENT_SOURCES, eventsOfChanges, followUpResource, webhookPayload, type EventFact, type WebhookPayload } from './webhook-events.js';
import { newWebhookSecret } from './webhook-signature.js';
import { webhookTargetRefusal, type WebhookSettings } from './webhook-target.js';

const KNOWN_EVENTS = new Set<string>(WEBHOOK_EVENTS);

function eventsOf(row: Pick<WebhookEndpointRow, 'events_json'>): WebhookEventType[] {
  // An event type retired from the vocabulary is dropped rather than failing every read.
  return (JSON.parse(row.events_json) as string[]).filter((event): event is WebhookEventType => KNOWN_EVENTS.has(event));
}

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: eventsOf(row),
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function endpointRowOrThrow(db: Queryable, id: string): Promise<WebhookEndpointRow> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('webhook endpoint', id);
  return row;
}

async function checkedUrl(url: string, settings: WebhookSettings): Promise<string> {
  const refusal = await webhookTargetRefusal(url, settings);
  if (refusal) throw invalidField('url', refusal);
  return url;
}

export async function listEndpoints(db: Queryable): Promise<WebhookEndpoint[]> {
  return (await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute()).map(toEndpoint);
}

export async function getEndpoint(db: Queryable, id: string): Promise<WebhookEndpoint> {
  return toEndpoint(await endpointRowOrThrow(db, id));
}

/** Creates an endpoint; its secret is in this answer, and afterwards only for an admin who asks. */
export async function createEndpoint(work: Work, input: SaveWebhookEndpoint, settings: WebhookSettings): Promise<CreatedWebhookEndpoint> {
  const now = nowInstant();
  const row: WebhookEndpointRow = {
    id: newId('whk'),
    url: await checkedUrl(input.url, settings),
    description: input.description || null,
    secret: newWebhookSecret(),
    events_json: JSON.stringify(input.events),
    active: input.active === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
  await insertAudited(work, 'webhook_endpoints', row);
  return { ...toEndpoint(row), secret: row.secret };
}

export async function updateEndpoint(work: Work, id: string, input: UpdateWebhookEndpoint, settings: WebhookSettings): Promise<WebhookEndpoint> {
  const before = await endpointRowOrThrow(work.tx, id);
  const after = await updateAudited(work, 'webhook_endpoints', before, {
    url: input.url === undefined ? undefined : await checkedUrl(input.url, settings),
    description: input.description === undefined ? undefined : input.description || null,
    events_json: input.events === undefined ? undefined : JSON.stringify(input.events),
    active: input.active === undefined ? undefined : input.active ? 1 : 0,
    updated_at: nowInstant(),
  });
  return toEndpoint(after);
}

/** Deletes an endpoint; its deliveries stay in the outbox, and those still queued are cancelled at send time. */
export async function deleteEndpoint(work: Work, id: string): Promise<WebhookEndpoint> {
  const before = await endpointRowOrThrow(work.tx, id);
  await deleteAudited(work, 'webhook_endpoints', before);
  return toEndpoint(before);
}

/** A new secret replaces the old at once: deliveries not yet sent are signed with the new one. */
export async function rotateSecret(work: Work, id: string): Promise<{ secret: string }> {
  const before = await endpointRowOrThrow(work.tx, id);
  const secret = newWebhookSecret();
  await updateAudited(work, 'webhook_endpoints', before, { secret, updated_at: nowInstant() });
  return { secret };
}

export async function endpointSecret(db: Queryable, id: string): Promise<{ secret: string }> {
  return { secret: (await endpointRowOrThrow(db, id)).secret };
}

function toDelivery(row: OutboundMessageRow): WebhookDelivery {
  return {
    id: row.id,
    deliveryId: row.message_id,
    event: row.purpose,
    state: row.state as WebhookDelivery['state'],
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: row.state === 'queued' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** An endpoint's deliveries, newest first. */
export async function listDeliveries(db: Queryable, endpointId: string, query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
  await endpointRowOrThrow(db, endpointId);
  let select = db
    .selectFrom('outbound_messages')
    .selectAll()
    .where('channel', '=', 'webhook')
    .where('webhook_endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '<', query.cursor);
  if (query.state) select = select.where('state', '=', query.state);
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toDelivery);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

async function enqueueDelivery(work: Work, endpoint: { id: string; url: string }, payload: WebhookPayload): Promise<string> {
  const { id } = await enqueueMessage(work, {
    channel: 'webhook',
    purpose: payload.type,
    recipient: endpoint.url,
    bodyText: JSON.stringify(payload),
    webhookEndpointId: endpoint.id,
  });
  return id;
}

/** Queues a `ping` event to an active endpoint, so an admin can see the receiver answer; returns the delivery. */
export async function queuePing(work: Work, id: string): Promise<WebhookDelivery> {
  const endpoint = await endpointRowOrThrow(work.tx, id);
  if (Number(endpoint.active) !== 1) throw conflict('endpoint_inactive', 'this endpoint is inactive: activate it before sending a test');
  const payload: WebhookPayload = { id: newId('evt'), type: 'ping', occurredAt: nowInstant(), data: { endpointId: id } };
  const deliveryId = await enqueueDelivery(work, endpoint, payload);
  return toDelivery(await work.tx.selectFrom('outbound_messages').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow());
}

type Subscriber = { id: string; url: string; events: ReadonlySet<WebhookEventType> };

// Case creation is on the benchmarked path: with no active endpoint, a unit of work pays one lookup in memory.
const activeSubscribers = storeCache(['webhook_endpoints'], async (db): Promise<{ endpoints: Subscriber[]; events: Set<WebhookEventType> }> => {
  const rows = await db.selectFrom('webhook_endpoints').select(['id', 'url', 'events_json']).where('active', '=', 1).orderBy('id').execute();
  const endpoints = rows.map((row) => ({ id: row.id, url: row.url, events: new Set(eventsOf(row)) }));
  return { endpoints, events: new Set(endpoints.flatMap((endpoint) => [...endpoint.events])) };
});

/** The resources the events speak of, as they stand now, by table and id. */
async function resourcesOf(work: Work, facts: readonly EventFact[]): Promise<Map<string, Record<string, unknown>>> {
  const ids = (table: EventFact['entityType']) => [...new Set(facts.filter((fact) => fact.entityType === table).map((fact) => fact.entityId))];
  const found = new Map<string, Record<string, unknown>>();
  const caseIds = ids('cases');
  if (caseIds.length > 0) {
    for (const row of await work.tx.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute()) {
      found.set(`cases:${row.id}`, toCase(row));
    }
  }
  const followUpIds = ids('follow_ups');
  if (followUpIds.length > 0) {
    for (const row of await work.tx.selectFrom('follow_ups').selectAll().where('id', 'in', followUpIds).execute()) {
      found.set(`follow_ups:${row.id}`, followUpResource(row));
    }
  }
  for (const fact of facts) if ('resource' in fact) found.set(`${fact.entityType}:${fact.entityId}`, fact.resource);
  return found;
}

// One delivery per subscribed endpoint and event, written with the change, so an event is posted
// if and only if its change commits.
beforeCommit(async (work, changes) => {
  if (!changes.some((change) => EVENT_SOURCES.has(change.entityType))) return;
  const subscribers = await activeSubscribers(work.store, work.tx);
  if (subscribers.endpoints.length === 0) return;
  const facts = eventsOfChanges(changes, subscribers.events);
  if (facts.length === 0) return;
  const resources = await resourcesOf(work, facts);
  const occurredAt = nowInstant();
  for (const fact of facts) {
    const resource = resources.get(`${fact.entityType}:${fact.entityId}`);
    if (!resource) continue;
    const payload = webhookPayload(fact, resource, { id: newId('evt'), occurredAt });
    for (const endpoint of subscribers.endpoints) {
      if (endpoint.events.has(fact.type)) await enqueueDelivery(work, endpoint, payload);
    }
  }
});
