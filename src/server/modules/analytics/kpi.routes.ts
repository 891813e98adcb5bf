import { KpiQuery, KpiReport, KpiSeries, KpiSeriesQuery } from '../../../shared/index.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { kpiReport, kpiSeries } from './kpi.store.js';

const FILTERS =
  'Filters: team, agent (the case’s; interactions: who logged them; follow-ups: their assignee), channel, kind. ' +
  'Survey answers are filtered by the team, agent, channel and kind kept on them when asked. Each KPI carries its definition.';

export function registerKpiRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/analytics/kpis',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Every KPI over a period: value, the counts behind it and its definition',
        description: `A KPI with nothing to count in the period is null. ${FILTERS}`,
        querystring: KpiQuery,
        response: { 200: KpiReport },
      },
    },
    (request) => kpiReport(store.db, request.query),
  );
  app.get(
    '/api/analytics/kpis/series',
    {
      config: { permission: 'record:read' },
      schema: {
        tags: ['analytics'],
        summary: 'KPIs per week or month of a period, for charts',
        description: `Weeks are UTC weeks from Monday, months UTC calendar months; the first and last bucket are clipped to the period. ${FILTERS}`,
        querystring: KpiSeriesQuery,
        response: { 200: KpiSeries },
      },
    },
    (request) => kpiSeries(store.db, request.query),
  );
}
