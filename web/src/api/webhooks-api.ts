import type {
  CreatedWebhookEndpoint,
  Page,
  Role,
  SaveWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookSecret,
} from '../../../src/shared/index.js';
import { request } from './api-client.js';

const path = (id: string, rest = '') => `/api/webhooks/${encodeURIComponent(id)}${rest}`;

export const webhooksApi = {
  list: (signal?: AbortSignal) => request<{ items: WebhookEndpoint[] }>('GET', '/api/webhooks', { signal }),
  create: (body: SaveWebhookEndpoint) => request<CreatedWebhookEndpoint>('POST', '/api/webhooks', { body }),
  update: (id: string, body: UpdateWebhookEndpoint) => request<WebhookEndpoint>('PATCH', path(id), { body }),
  remove: (id: string) => request<WebhookEndpoint>('DELETE', path(id)),
  revealSecret: (id: string) => request<WebhookSecret>('GET', path(id, '/secret')),
  rotateSecret: (id: string) => request<WebhookSecret>('POST', path(id, '/secret')),
  sendTest: (id: string) => request<WebhookDelivery>('POST', path(id, '/test')),
  deliveries: (id: string, cursor: string | null, signal?: AbortSignal) =>
    request<Page<WebhookDelivery>>('GET', path(id, '/deliveries'), { query: { cursor, limit: 25 }, signal }),
};

// The server decides ('api-key:manage' to change, 'audit:read' to read); the UI only hides what would be refused.
export const managesWebhooks = (role: Role) => role === 'admin';
export const readsWebhooks = (role: Role) => role !== 'agent';
