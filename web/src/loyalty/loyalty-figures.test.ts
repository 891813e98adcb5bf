import { describe, expect, it } from 'vitest';
import type { JourneyCluster, LoyaltyGroupFigures, LoyaltyWindowFigures } from '../../../src/shared/index.js';
import { toCsv } from '../reports/csv.js';
import { formatInterval, journeyClusterRows, repeatPurchaseData } from './loyalty-figures.js';

const figures = (group: string, customers: number, repeaters: number): LoyaltyGroupFigures => ({
  group,
  customers,
  repeaters,
  rate: customers ? repeaters / customers : null,
  interval: customers ? { low: 0.123456, high: 0.654321 } : null,
  medianDaysToNextPurchase: repeaters ? 12.345 : null,
  stillOpen: 1,
});
const WINDOW: LoyaltyWindowFigures = {
  days: 90,
  all: figures('all', 5, 2),
  splits: {
    follow_up: [figures('followed_up', 3, 2), figures('not_followed_up', 2, 0)],
    confirmation: [figures('confirmed', 5, 2), figures('not_confirmed', 0, 0)],
    csat: [figures('csat_4_5', 2, 2), figures('csat_3', 0, 0), figures('csat_1_2', 1, 0), figures('csat_none', 2, 0)],
  },
};

describe('repeatPurchaseData', () => {
  it('tables every group of the window after all customers, rounded, with empty cells where there is no figure', () => {
    const data = repeatPurchaseData(WINDOW);
    expect(data.columns[3]).toBe('Bought again within 90 days');
    expect(data.rows).toHaveLength(9);
    expect(data.rows[0]).toEqual(['All', 'All customers', 5, 2, 0.4, 0.1235, 0.6543, 12.3, 1]);
    expect(data.rows[4]).toEqual(['Resolution confirmed or not', 'Not confirmed (unreachable)', 0, 0, null, null, null, null, 1]);
  });

  it('tables one split alone for its chart', () => {
    expect(repeatPurchaseData(WINDOW, 'follow_up').rows.map((row) => row[1])).toEqual(['Followed up', 'Not followed up']);
  });
});

describe('formatInterval', () => {
  it('shows the interval in percent, or a dash without customers', () => {
    expect(formatInterval(figures('followed_up', 3, 2))).toBe('12.3–65.4 %');
    expect(formatInterval(figures('csat_3', 0, 0))).toBe('–');
  });
});

describe('journeyClusterRows', () => {
  it('labels stages, kinds and root causes, and a root cause typed as a formula stays text in the CSV', () => {
    const clusters: JourneyCluster[] = [
      { stage: 'delivery', kind: 'complaint', rootCause: 'delivery', complaints: 2, lowCsat: 0, lowNps: 1 },
      { stage: 'survey', kind: null, rootCause: '=HYPERLINK("x")', complaints: 0, lowCsat: 1, lowNps: 0 },
    ];
    const rows = journeyClusterRows(clusters);
    expect(rows[1]).toEqual(['Delivery', 'Complaint', 'Delivery', 2, 0, 1]);
    expect(rows[2]!.slice(0, 3)).toEqual(['Survey', 'No case', '=HYPERLINK("x")']);
    expect(toCsv(rows)).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
