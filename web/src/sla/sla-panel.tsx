import type { CaseDetail, SlaClock } from '../../../src/shared/index.js';
import { capitalise } from '../cases/procedure-labels.js';
import { formatDateTime, formatNearTime } from '../ui/format.js';
import { STATUS_LABELS, labelFor } from '../ui/labels.js';
import { useNow } from '../ui/use-now.js';
import { CLOCK_STATE_LABELS, type SlaReading, type SlaTone, TARGET_LABELS, formatTargetMinutes, readClock } from './sla-time.js';
import './sla.css';

/** The case's SLA in the side panel: each target's clock, then which policy applies, why, and on which calendar. */
export function SlaPanel({ detail }: { detail: CaseDetail }) {
  const now = useNow(30_000);
  const { sla } = detail;
  return (
    <section className="panel-section sla-panel" aria-labelledby="panel-sla">
      <h2 id="panel-sla">SLA</h2>
      {!sla ? (
        <p className="muted">No SLA policy applies to this case.</p>
      ) : (
        <>
          <ul className="sla-clocks" aria-label="SLA targets">
            {sla.clocks.map((clock) => (
              <ClockLine key={clock.target} clock={clock} now={now} status={detail.status} />
            ))}
          </ul>
          <dl className="facts sla-facts">
            <dt>Policy</dt>
            <dd>{sla.policyName}</dd>
            <dt>Why</dt>
            <dd>{capitalise(sla.matchedBecause)}</dd>
            <dt>Calendar</dt>
            <dd>{sla.calendarName}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

function ClockLine({ clock, now, status }: { clock: SlaClock; now: number; status: CaseDetail['status'] }) {
  const reading = readClock(clock, now);
  // A running clock past its due time is breached now, whatever the case's last recompute said.
  const state: SlaClock['state'] = reading?.tone === 'overdue' ? 'breached' : clock.state;
  const tone: SlaTone | 'met' | 'idle' = reading?.tone ?? (state === 'met' ? 'met' : state === 'breached' ? 'overdue' : 'idle');
  return (
    <li className={`sla-clock sla-clock-${tone}`}>
      <div className="sla-clock-head">
        <span className="sla-clock-name">{TARGET_LABELS[clock.target]}</span>
        <span className={`badge sla-state sla-state-${state}`}>{CLOCK_STATE_LABELS[state]}</span>
      </div>
      <p className="sla-clock-detail">
        <ClockDetail clock={clock} state={state} reading={reading} status={status} now={now} />
      </p>
      {/* A clock that is not running says its target in its one line, to keep the panel short. */}
      {clock.state !== 'idle' && (
        <p className="sla-clock-target muted">
          Target {formatTargetMinutes(clock.targetMinutes)} in business hours; {formatTargetMinutes(Math.round(clock.businessMinutesUsed))} used
        </p>
      )}
    </li>
  );
}

function ClockDetail(props: { clock: SlaClock; state: SlaClock['state']; reading: SlaReading | null; status: CaseDetail['status']; now: number }) {
  const { clock, state, reading } = props;
  const at = (instant: string) => (
    <time dateTime={instant} title={formatDateTime(instant)}>
      {formatNearTime(instant, props.now)}
    </time>
  );
  const due = clock.dueAt ? at(clock.dueAt) : null;
  const stopped = clock.stoppedAt ? at(clock.stoppedAt) : null;
  if (state === 'paused') return <>Paused while the case is {labelFor(STATUS_LABELS, props.status).toLowerCase()}</>;
  if (state === 'met') return <>Met {stopped}</>;
  if (state === 'idle') {
    const target = formatTargetMinutes(clock.targetMinutes);
    return clock.target === 'next_response' ? (
      <>Within {target} of each customer message after a reply</>
    ) : (
      <>
        Not needed: the case is {labelFor(STATUS_LABELS, props.status).toLowerCase()} (target {target})
      </>
    );
  }
  if (state === 'breached' && stopped) return <>Met late {stopped}; was due {due}</>;
  if (state === 'breached') {
    return (
      <>
        Was due {due} · <strong className="sla-left sla-left-overdue">{reading?.text}</strong>
      </>
    );
  }
  return (
    <>
      Due {due} · <strong className={`sla-left sla-left-${reading?.tone ?? 'ok'}`}>{reading?.text}</strong>
    </>
  );
}

