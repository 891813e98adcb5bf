import { SlaReport, SlaReportQuery } from '../../../shared/index.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { buildSlaReport } from './sla-report.store.js';

export function registerSlaReportRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/reports/sla',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['reports'],
        summary: 'SLA compliance and response times per policy, team, agent or week, with the cases breached in the period',
        description:
          'A target counts in the period when it was met (by the time it stopped) or breached (by its due time). Compliance = met / (met + breached). ' +
          'Minutes are business minutes of the policy’s calendar, paused time excluded, of the targets that stopped in the period. ' +
          'Read from the clocks each case keeps; for next response, the latest wait of each case.',
        querystring: SlaReportQuery,
        response: { 200: SlaReport },
      },
    },
    async (request) => buildSlaReport(store.db, request.query),
  );
}
