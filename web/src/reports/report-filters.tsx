import { useId } from 'react';
import { CASE_KINDS, CHANNELS, type CaseKind, type Channel } from '../../../src/shared/index.js';
import { useWorkspace } from '../app/workspace-context.js';
import { FilterSelect } from '../ui/filter-select.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { CHANNEL_LABELS, KIND_LABELS } from '../ui/labels.js';

/** A report's period: a preset, or `dates` with the days chosen by hand (`YYYY-MM-DD`, the last one included). */
export interface PeriodSelection {
  period: string;
  fromDate?: string;
  toDate?: string;
}

/**
 * The period of a report's filter bar; where the selection has dates, choosing `dates` shows a
 * from and a to date. Their changes ask to replace the address entry (`replace`), so typing a date
 * does not fill the history.
 */
export function PeriodFilter(props: {
  label?: string;
  periods: Record<string, string>;
  selection: PeriodSelection;
  onChange: (changes: Partial<PeriodSelection>, replace: boolean) => void;
}) {
  const { period, fromDate, toDate } = props.selection;
  return (
    <>
      <FilterSelect label={props.label ?? 'Period'} value={period} onChange={(value) => value && props.onChange({ period: value }, false)}>
        {Object.entries(props.periods).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </FilterSelect>
      {period === 'dates' && fromDate !== undefined && toDate !== undefined && (
        <>
          <DateFilter label="From" value={fromDate} max={toDate} onChange={(value) => props.onChange({ fromDate: value }, true)} />
          <DateFilter label="To" value={toDate} min={fromDate} onChange={(value) => props.onChange({ toDate: value }, true)} />
        </>
      )}
    </>
  );
}

function DateFilter(props: { label: string; value: string; min?: string; max?: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="filter">
      <label className="filter-label" htmlFor={id}>
        {props.label}
      </label>
      <input id={id} type="date" value={props.value} min={props.min} max={props.max} required onChange={(event) => event.target.value && props.onChange(event.target.value)} />
    </div>
  );
}

/** Shown instead of the figures while the custom period ends before it starts. */
export function InvalidPeriodNotice() {
  return (
    <p className="error-notice" role="alert">
      Choose a start date on or before the end date.
    </p>
  );
}

/**
 * The period the figures cover, as the server read it: to the minute (`times`), by day (`days`),
 * or by whole days with the last one included (`to` is exclusive).
 */
export function PeriodRead(props: { from: string; to: string; as: 'times' | 'days' | 'whole days' }) {
  const { from, to } = props;
  if (props.as === 'whole days') {
    const lastDay = new Date(Date.parse(to) - 1).toISOString();
    return (
      <p className="report-period muted">
        <time dateTime={from}>{formatDate(from)}</time> to <time dateTime={lastDay}>{formatDate(lastDay)}</time>, both included
      </p>
    );
  }
  const format = props.as === 'times' ? formatDateTime : formatDate;
  return (
    <p className="report-period muted">
      <time dateTime={from}>{format(from)}</time> to <time dateTime={to}>{format(to)}</time>
    </p>
  );
}

export function TeamFilter(props: { value: string | undefined; onChange: (team: string | undefined) => void }) {
  const { teams } = useWorkspace();
  return (
    <FilterSelect label="Team" value={props.value} onChange={props.onChange}>
      <option value="">All teams</option>
      {teams.map((team) => (
        <option key={team.id} value={team.id}>
          {team.name}
        </option>
      ))}
    </FilterSelect>
  );
}

export function AgentFilter(props: { value: string | undefined; onChange: (agent: string | undefined) => void }) {
  const { users } = useWorkspace();
  return (
    <FilterSelect label="Agent" value={props.value} onChange={props.onChange}>
      <option value="">All agents</option>
      {users.map((user) => (
        <option key={user.id} value={user.id}>
          {user.name}
        </option>
      ))}
    </FilterSelect>
  );
}

export function ChannelFilter(props: { value: Channel | undefined; onChange: (channel: Channel | undefined) => void }) {
  return (
    <FilterSelect label="Channel" value={props.value} onChange={(channel) => props.onChange(channel as Channel | undefined)}>
      <option value="">All channels</option>
      {CHANNELS.map((channel) => (
        <option key={channel} value={channel}>
          {CHANNEL_LABELS[channel]}
        </option>
      ))}
    </FilterSelect>
  );
}

export function KindFilter(props: { label?: string; value: CaseKind | undefined; onChange: (kind: CaseKind | undefined) => void }) {
  return (
    <FilterSelect label={props.label ?? 'Kind'} value={props.value} onChange={(kind) => props.onChange(kind as CaseKind | undefined)}>
      <option value="">All kinds</option>
      {CASE_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {KIND_LABELS[kind]}
        </option>
      ))}
    </FilterSelect>
  );
}
