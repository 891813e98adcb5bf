import type { SlaClock, SlaTargetName } from '../../../shared/index.js';
import { addBusinessMinutes, businessMinutesBetween, type CompiledCalendar } from './business-time.js';

/** What the clocks are derived from: the case's history, never counters kept on the side. */
export interface SlaHistory {
  openedAt: string;
  status: string;
  /** Status changes, oldest first; before the first one the case was new. */
  transitions: readonly { toStatus: string; at: string }[];
  interactions: readonly { direction: string; authorType: string; occurredAt: string; marks: readonly string[] }[];
}

export interface SlaTerms {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  pauseStatuses: readonly string[];
  warnPercent: number | null;
  warnBeforeMinutes: number | null;
}

const STOPPED = new Set(['resolved', 'closed']);

type Interval = [number, number];

/** The spans in which the case sat in one of `statuses`, from its opening until `endMs`. */
function spansIn(history: SlaHistory, statuses: ReadonlySet<string>, endMs: number): Interval[] {
  const spans: Interval[] = [];
  let status = 'new';
  let since = Date.parse(history.openedAt);
  const close = (until: number) => {
    if (statuses.has(status) && until > since) spans.push([since, until]);
  };
  for (const change of history.transitions) {
    const at = Math.max(Date.parse(change.at), since);
    close(at);
    status = change.toStatus;
    since = at;
  }
  close(Math.max(endMs, since));
  return spans;
}

/** [from, to) minus the (sorted, disjoint) `holes`. */
function minus(from: number, to: number, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = from;
  for (const [a, b] of holes) {
    if (b <= cursor || a >= to) continue;
    if (a > cursor) out.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < to) out.push([cursor, to]);
  return out;
}

function warnThreshold(targetMinutes: number, terms: SlaTerms): number | null {
  const thresholds: number[] = [];
  if (terms.warnPercent !== null) thresholds.push((targetMinutes * terms.warnPercent) / 100);
  if (terms.warnBeforeMinutes !== null) thresholds.push(Math.max(0, targetMinutes - terms.warnBeforeMinutes));
  return thresholds.length ? Math.min(...thresholds) : null;
}

// Formatting instants dominated deriving clocks in bulk (a dozen per case); the date part repeats
// across cases, so it is formatted once per day and only the time of day each time.
const DAY_MS = 86_400_000;
const datePrefixes = new Map<number, string>();
const two = (value: number) => (value < 10 ? `0${value}` : `${value}`);
const three = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`);

/** The same text as `new Date(ms).toISOString()`, for instants from 1970 to 9999. */
export function iso(ms: number | null): string | null {
  if (ms === null) return null;
  if (ms < 0 || !Number.isFinite(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    if (datePrefixes.size > 4096) datePrefixes.clear();
    datePrefixes.set(day, (prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)));
  }
  const time = ms - day * DAY_MS;
  const hours = Math.floor(time / 3_600_000);
  const minutes = Math.floor((time % 3_600_000) / 60_000);
  const seconds = Math.floor((time % 60_000) / 1000);
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(time % 1000)}Z`;
}

/**
 * One clock: counts business minutes from `startMs` until `stopMs` (or now), skipping the spans in
 * which it is held, and finds when it crossed (or will cross) its warning and its target.
 */
function runClock(
  target: SlaTargetName,
  targetMinutes: number,
  startMs: number,
  stopMs: number | null,
  held: readonly Interval[],
  heldNow: boolean,
  terms: SlaTerms,
  calendar: CompiledCalendar,
  nowMs: number,
): SlaClock {
  const end = stopMs ?? nowMs;
  const warnAt = warnThreshold(targetMinutes, terms);
  let used = 0;
  let dueMs: number | null = null;
  let warnMs: number | null = null;
  for (const [a, b] of minus(startMs, Math.max(end, startMs), held)) {
    const minutes = businessMinutesBetween(calendar, a, b);
    if (warnMs === null && warnAt !== null && used + minutes >= warnAt) warnMs = addBusinessMinutes(calendar, a, warnAt - used);
    if (dueMs === null && used + minutes > targetMinutes) dueMs = addBusinessMinutes(calendar, a, targetMinutes - used);
    used += minutes;
  }
  const running = stopMs === null && !heldNow;
  if (running && dueMs === null) dueMs = addBusinessMinutes(calendar, nowMs, targetMinutes - used);
  if (running && warnMs === null && warnAt !== null && used <= warnAt) warnMs = addBusinessMinutes(calendar, nowMs, warnAt - used);
  // A target met exactly at its due time is met; a millisecond later it is not (minutes are
  // counted to the millisecond, so allow for the rounding of the sum).
  const breached = used > targetMinutes + 1 / 60_000;
  let state: SlaClock['state'];
  if (breached) state = 'breached';
  else if (stopMs !== null) state = 'met';
  else if (heldNow) state = 'paused';
  else state = 'running';
  // A target met in time was still due when it was met: the deadline that applied then.
  if (state === 'met' && dueMs === null) dueMs = addBusinessMinutes(calendar, stopMs!, targetMinutes - used);
  return {
    target,
    targetMinutes,
    state,
    startedAt: iso(startMs),
    dueAt: state === 'paused' ? null : iso(dueMs),
    warnAt: state === 'running' ? iso(warnMs) : null,
    stoppedAt: iso(stopMs),
    businessMinutesUsed: Math.round(used * 100) / 100,
  };
}

/** A reply that counts as a response: a person writing or speaking to the customer, and reaching them. */
export const isResponse = (i: Pick<SlaHistory['interactions'][number], 'direction' | 'authorType' | 'marks'>) =>
  i.direction === 'outbound' && i.authorType === 'user' && !i.marks.includes('failed_attempt');

/**
 * The case's SLA clocks at `nowMs`, derived from its history alone, so a change of priority or
 * policy recomputes every due time from what happened rather than patching a counter.
 */
export function computeSlaClocks(history: SlaHistory, terms: SlaTerms, calendar: CompiledCalendar, nowMs: number): SlaClock[] {
  const openedMs = Date.parse(history.openedAt);
  const stoppedNow = STOPPED.has(history.status);
  const heldStatuses = new Set([...terms.pauseStatuses, ...STOPPED]);
  const held = spansIn(history, heldStatuses, nowMs);
  const heldNow = heldStatuses.has(history.status);
  // ISO instants in UTC sort as text; a plain comparison is much cheaper than localeCompare.
  const contacts = [...history.interactions].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const clocks: SlaClock[] = [];

  if (terms.firstResponseMinutes !== null) {
    const reply = contacts.find(isResponse);
    const stop = reply ? Math.max(Date.parse(reply.occurredAt), openedMs) : null;
    const clock = runClock('first_response', terms.firstResponseMinutes, openedMs, stop, held, heldNow, terms, calendar, nowMs);
    clocks.push(stoppedNow && clock.state !== 'met' && clock.state !== 'breached' ? { ...clock, state: 'idle', dueAt: null, warnAt: null } : clock);
  }

  if (terms.nextResponseMinutes !== null) {
    // Each message from the customer after the first response waits for the next reply; the
    // clock shown is the last wait's, so only that one is run.
    let waitingSince: number | null = null;
    let lastWait: { start: number; stop: number | null } | null = null;
    let answeredOnce = false;
    for (const contact of contacts) {
      const at = Date.parse(contact.occurredAt);
      if (isResponse(contact)) {
        if (waitingSince !== null) lastWait = { start: waitingSince, stop: Math.max(at, waitingSince) };
        waitingSince = null;
        answeredOnce = true;
      } else if (contact.direction === 'inbound' && answeredOnce && waitingSince === null) {
        waitingSince = at;
      }
    }
    if (waitingSince !== null && !stoppedNow) lastWait = { start: waitingSince, stop: null };
    clocks.push(
      lastWait
        ? runClock('next_response', terms.nextResponseMinutes, lastWait.start, lastWait.stop, held, heldNow, terms, calendar, nowMs)
        : { target: 'next_response', targetMinutes: terms.nextResponseMinutes, state: 'idle', startedAt: null, dueAt: null, warnAt: null, stoppedAt: null, businessMinutesUsed: 0 },
    );
  }

  if (terms.resolutionMinutes !== null) {
    const resolvedAt = stoppedNow ? history.transitions.findLast((t) => t.toStatus === 'resolved')?.at : undefined;
    const stop = stoppedNow ? Math.max(Date.parse(resolvedAt ?? history.transitions.at(-1)?.at ?? history.openedAt), openedMs) : null;
    clocks.push(runClock('resolution', terms.resolutionMinutes, openedMs, stop, held, heldNow, terms, calendar, nowMs));
  }
  return clocks;
}

/**
 * The earliest due time among the clocks still counting, overdue ones (breached, not yet stopped)
 * included: what the at-risk queue sorts by.
 */
export function nextDue(clocks: readonly SlaClock[]): string | null {
  const due = clocks.filter((c) => (c.state === 'running' || (c.state === 'breached' && c.stoppedAt === null)) && c.dueAt !== null).map((c) => c.dueAt!);
  return due.length ? due.sort()[0]! : null;
}
