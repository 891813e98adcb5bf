import type { InboundMessage, InboundOutcome, OutboundChannel, OutboundMessage, OutboundState, Page } from '../../../src/shared/index.js';
import { request } from './api-client.js';
import type { PageRequest } from './aftercare-api.js';

const PAGE_SIZE = 50;

export interface OutboundMessageFilter {
  state?: OutboundState;
  channel?: OutboundChannel;
  caseId?: string;
  customerId?: string;
  followUpId?: string;
}

/** The outbox (failed sends with their reasons, and retrying them) and the mail received. */
export const channelsApi = {
  outbound: (filter: OutboundMessageFilter = {}, page: PageRequest = {}) =>
    request<Page<OutboundMessage>>('GET', '/api/outbound-messages', { query: { ...filter, cursor: page.cursor, limit: page.limit ?? PAGE_SIZE }, signal: page.signal }),
  /** Puts a failed message back in the outbox; a message that has not failed answers 409 `not_failed`. */
  retry: (id: string) => request<OutboundMessage>('POST', `/api/outbound-messages/${encodeURIComponent(id)}/retry`),
  inbound: (filter: { outcome?: InboundOutcome; caseId?: string } = {}, page: PageRequest = {}) =>
    request<Page<InboundMessage>>('GET', '/api/inbound-messages', { query: { ...filter, cursor: page.cursor, limit: page.limit ?? PAGE_SIZE }, signal: page.signal }),
};
