import type { JourneyMap, JourneyMapQuery, LoyaltyQuery, LoyaltyReport } from '../../../src/shared/index.js';
import { request } from './api-client.js';

export const loyaltyApi = {
  /** Repeat purchases within 30, 90 and 180 days of cases closed in [from, to), by group. */
  repeatPurchases: (query: Partial<LoyaltyQuery>, signal?: AbortSignal) => request<LoyaltyReport>('GET', '/api/analytics/loyalty', { query, signal }),
  /** Journey stages of customers who bought in [from, to). */
  journeyMap: (query: Partial<JourneyMapQuery>, signal?: AbortSignal) => request<JourneyMap>('GET', '/api/analytics/journey-map', { query, signal }),
};
