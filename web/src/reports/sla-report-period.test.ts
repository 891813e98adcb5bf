import { describe, expect, it } from 'vitest';
import { periodInstants, readSlaReportSelection, slaReportHref } from './sla-report-period.js';

const now = new Date(2026, 2, 15, 10, 30).getTime();

describe('readSlaReportSelection', () => {
  it('reads the last 30 days by policy when the address says nothing, or something unknown', () => {
    const fallback = { period: '30', fromDate: '2026-02-14', toDate: '2026-03-15', groupBy: 'policy' };
    expect(readSlaReportSelection(new URLSearchParams(), now)).toEqual(fallback);
    expect(readSlaReportSelection(new URLSearchParams('period=365&groupBy=month&from=yesterday'), now)).toEqual(fallback);
  });

  it('round-trips through the address', () => {
    const selection = { period: 'dates', fromDate: '2026-01-01', toDate: '2026-01-31', groupBy: 'team' } as const;
    const href = slaReportHref(selection);
    expect(href).toBe('#/reports/sla?period=dates&groupBy=team&from=2026-01-01&to=2026-01-31');
    expect(readSlaReportSelection(new URLSearchParams(href.split('?')[1]), now)).toEqual(selection);
    expect(slaReportHref({ ...selection, period: '30', groupBy: 'policy' })).toBe('#/reports/sla');
  });
});

describe('periodInstants', () => {
  it('goes back N days from now', () => {
    const period = periodInstants({ period: '7', fromDate: '', toDate: '', groupBy: 'policy' }, now);
    expect(period).toEqual({ from: new Date(now - 7 * 24 * 3600_000).toISOString(), to: new Date(now).toISOString() });
  });

  it('covers the chosen days whole, the last one included, in local time', () => {
    const period = periodInstants({ period: 'dates', fromDate: '2026-03-01', toDate: '2026-03-01', groupBy: 'policy' }, now);
    expect(period).toEqual({ from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 2, 2).toISOString() });
  });

  it('is nothing for dates in the wrong order', () => {
    expect(periodInstants({ period: 'dates', fromDate: '2026-03-02', toDate: '2026-03-01', groupBy: 'policy' }, now)).toBeNull();
  });
});
