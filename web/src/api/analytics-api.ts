import type { KpiName, KpiQuery, KpiReport, KpiSeries } from '../../../src/shared/index.js';
import { request } from './api-client.js';

export type KpiSelection = Partial<KpiQuery>;

export const analyticsApi = {
  /** Every KPI over the period and filters, with the counts behind each and its definition. */
  kpis: (query: KpiSelection, signal?: AbortSignal) => request<KpiReport>('GET', '/api/analytics/kpis', { query, signal }),
  /** The KPIs named, per week or month of the period. */
  series: (query: KpiSelection & { kpi: readonly KpiName[]; interval: 'week' | 'month' }, signal?: AbortSignal) =>
    request<KpiSeries>('GET', '/api/analytics/kpis/series', { query: { ...query, kpi: query.kpi.join(',') }, signal }),
};
