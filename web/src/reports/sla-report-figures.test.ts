import { describe, expect, it } from 'vitest';
import type { SlaReportGroup, SlaTargetFigures } from '../../../src/shared/index.js';
import { formatBusinessMinutes, slaReportCsv } from './sla-report-figures.js';

const NOTHING: SlaTargetFigures = { met: 0, breached: 0, compliance: null, medianMinutes: null, p90Minutes: null };

describe('slaReportCsv', () => {
  it('writes one line per group: met, breached, compliance %, median and p90 business minutes for each target', () => {
    const group: SlaReportGroup = {
      key: 'slp_1',
      label: 'Standard, "gold"',
      targets: {
        first_response: { met: 1, breached: 2, compliance: 1 / 3, medianMinutes: 60, p90Minutes: 84.04 },
        next_response: NOTHING,
        resolution: { met: 1, breached: 0, compliance: 1, medianMinutes: 4319.987, p90Minutes: 4319.987 },
      },
    };
    const lines = slaReportCsv({ groupBy: 'policy', groups: [group] }).split('\r\n');
    expect(lines[0]).toBe(
      [
        'Policy',
        ...['First response', 'Next response', 'Resolution'].flatMap((target) =>
          ['met', 'breached', 'compliance %', 'median business minutes', 'p90 business minutes'].map((figure) => `${target} ${figure}`),
        ),
      ].join(','),
    );
    expect(lines[1]).toBe('"Standard, ""gold""",1,2,33.3,60,84,0,0,,,,1,0,100,4320,4320');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
  });

  it('heads the first column with the grouping', () => {
    expect(slaReportCsv({ groupBy: 'week', groups: [] }).split(',')[0]).toBe('Week');
  });
});

describe('formatBusinessMinutes', () => {
  it('says hours and minutes, rounded to the minute, or a dash for none', () => {
    expect(formatBusinessMinutes(null)).toBe('—');
    expect(formatBusinessMinutes(0.4)).toBe('0m');
    expect(formatBusinessMinutes(45)).toBe('45m');
    expect(formatBusinessMinutes(59.6)).toBe('1h');
    expect(formatBusinessMinutes(185)).toBe('3h 5m');
    expect(formatBusinessMinutes(4319.987)).toBe('72h');
  });
});
