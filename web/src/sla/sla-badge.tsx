import type { CaseSla } from '../../../src/shared/index.js';
import { formatDateTime } from '../ui/format.js';
import { TARGET_LABELS, mostUrgentClock } from './sla-time.js';
import './sla.css';

/**
 * The case's most urgent SLA clock in a few characters: time left (amber once warned), overdue in
 * red, or paused; nothing when no SLA applies or every target is met. `now` keeps it live.
 */
export function SlaBadge({ sla, now }: { sla: CaseSla | null; now: number }) {
  const reading = mostUrgentClock(sla, now);
  if (!reading) return null;
  const target = TARGET_LABELS[reading.clock.target];
  const due = reading.clock.dueAt;
  const title = due ? `${target} ${reading.tone === 'overdue' ? 'was due' : 'due'} ${formatDateTime(due)}` : `${target}: paused`;
  return (
    <span className={`badge sla-badge sla-${reading.tone}`} title={title}>
      <span className="visually-hidden">{target}: </span>
      {reading.text}
    </span>
  );
}
