import { SLA_TARGETS, type SlaReport, type SlaReportGrouping } from '../../../src/shared/index.js';
import { TARGET_LABELS } from '../sla/sla-time.js';
import { type CsvCell, toCsv } from './csv.js';

/** What a group is, in the words of a column heading; the order of SLA_REPORT_GROUPINGS. */
export const GROUPING_LABELS: Record<SlaReportGrouping, string> = {
  policy: 'Policy',
  team: 'Team',
  agent: 'Agent',
  week: 'Week',
};

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** "66.7%", or an em dash when no target was met or breached. */
export function formatCompliance(compliance: number | null): string {
  return compliance === null ? '—' : percent.format(compliance);
}

/**
 * Business minutes as hours and minutes, short enough for nine figures in a row: "45m", "3h 5m",
 * "72h" (never days: a business day is not 24 hours); an em dash for none.
 */
export function formatBusinessMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole}m`;
  const hours = Math.floor(whole / 60);
  return whole % 60 ? `${hours}h ${whole % 60}m` : `${hours}h`;
}

/** Minutes to one decimal for a spreadsheet, empty when none. */
function minutesCell(minutes: number | null): CsvCell {
  return minutes === null ? null : Math.round(minutes * 10) / 10;
}

/**
 * The report's table as CSV, one line per group: for each target its met and breached counts,
 * compliance in percent and the median and p90 in business minutes (numbers a spreadsheet can sum).
 */
export function slaReportCsv(report: Pick<SlaReport, 'groupBy' | 'groups'>): string {
  const header: CsvCell[] = [GROUPING_LABELS[report.groupBy]];
  for (const target of SLA_TARGETS) {
    const name = TARGET_LABELS[target];
    header.push(`${name} met`, `${name} breached`, `${name} compliance %`, `${name} median business minutes`, `${name} p90 business minutes`);
  }
  const lines = report.groups.map((group) => {
    const row: CsvCell[] = [group.label];
    for (const target of SLA_TARGETS) {
      const figures = group.targets[target];
      row.push(
        figures.met,
        figures.breached,
        figures.compliance === null ? null : Math.round(figures.compliance * 1000) / 10,
        minutesCell(figures.medianMinutes),
        minutesCell(figures.p90Minutes),
      );
    }
    return row;
  });
  return toCsv([header, ...lines]);
}
