import { JourneyMap, JourneyMapQuery, LoyaltyQuery, LoyaltyReport } from '../../../shared/index.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { journeyMap } from './journey-map.store.js';
import { loyaltyReport } from './loyalty.store.js';

export function registerLoyaltyRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/analytics/loyalty',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Repeat-purchase rate within 30, 90 and 180 days of a case closing, by follow-up, confirmation of the resolution and CSAT band',
        description:
          'Customers whose case was closed in the period (the last time it entered closed, still closed), each counted once by their last such case. ' +
          'Repeat purchase: an order (not cancelled) placed within N days after closing. A customer whose N days have not yet passed is left out of that N (stillOpen). ' +
          'Followed up: a follow-up on the case was done, sent or answered. Confirmed: last resolved by the customer’s confirmation, or an inbound contact marked resolution_confirmed. ' +
          'CSAT band: the latest CSAT answer about the case. Intervals: 95 % Wilson score.',
        querystring: LoyaltyQuery,
        response: { 200: LoyaltyReport },
      },
    },
    (request) => loyaltyReport(store.db, request.query),
  );
  app.get(
    '/api/analytics/journey-map',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Journey stages after a purchase in the period: customers reaching each, drop-off, and where complaints and low scores fall',
        description:
          'Customers with an order (not cancelled) placed in the period, from their first such order: delivery of that order, first case opened, first complaint, ' +
          'a case resolved, a follow-up done, sent or answered, a survey answered, a next order. Low scores: CSAT 1–2, NPS 0–6, placed at the last stage reached before them.',
        querystring: JourneyMapQuery,
        response: { 200: JourneyMap },
      },
    },
    (request) => journeyMap(store.db, request.query),
  );
}
