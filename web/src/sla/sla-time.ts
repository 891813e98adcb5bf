import type { CaseSla, SlaClock, SlaTargetName } from '../../../src/shared/index.js';

// Words for the SLA vocabulary; each record keeps the order of its vocabulary in src/shared/schemas/sla.ts.

export const TARGET_LABELS: Record<SlaTargetName, string> = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
};

export const CLOCK_STATE_LABELS: Record<SlaClock['state'], string> = {
  running: 'Running',
  paused: 'Paused',
  met: 'Met',
  breached: 'Breached',
  idle: 'Not running',
};

/** How a clock reads at a glance: within target, in its warning window, past due, or on hold. */
export type SlaTone = 'ok' | 'warning' | 'overdue' | 'paused';

export interface SlaReading {
  clock: SlaClock;
  tone: SlaTone;
  /** "2h 10m left", "Overdue 35m", "Paused". */
  text: string;
}

/** "35m", "2h 10m", "3d 4h": a wall-clock span, short enough for a badge. */
export function formatShortSpan(milliseconds: number, round: 'up' | 'down'): string {
  const minutes = Math.max(0, round === 'up' ? Math.ceil(milliseconds / 60_000) : Math.floor(milliseconds / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}

/** A target as set on a policy, in business time: "45 min", "4 h", "1 h 30 min". */
export function formatTargetMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A clock whose due time is still ahead of it or already behind it, and not yet stopped. */
function isOpen(clock: SlaClock): boolean {
  return clock.stoppedAt === null && (clock.state === 'running' || clock.state === 'breached') && clock.dueAt !== null;
}

/**
 * How one clock reads at `now`. The server computed the state when the case last changed, so the
 * time decides: a running clock whose due time has passed since then is overdue now.
 */
export function readClock(clock: SlaClock, now: number): SlaReading | null {
  if (clock.stoppedAt === null && clock.state === 'paused') return { clock, tone: 'paused', text: 'Paused' };
  if (!isOpen(clock)) return null;
  const left = Date.parse(clock.dueAt!) - now;
  if (left <= 0) return { clock, tone: 'overdue', text: `Overdue ${formatShortSpan(Math.max(-left, 60_000), 'down')}` };
  const warned = clock.warnAt !== null && Date.parse(clock.warnAt) <= now;
  return { clock, tone: warned ? 'warning' : 'ok', text: `${formatShortSpan(left, 'up')} left` };
}

/**
 * The clock an agent must act on first: the one due soonest (the most overdue, when some are), or
 * a paused one when none runs; null when no clock is open (none applies, or all are met).
 */
export function mostUrgentClock(sla: CaseSla | null, now: number): SlaReading | null {
  if (!sla) return null;
  const readings = sla.clocks.map((clock) => readClock(clock, now)).filter((reading) => reading !== null);
  const due = readings
    .filter((reading) => reading.tone !== 'paused')
    .sort((a, b) => Date.parse(a.clock.dueAt!) - Date.parse(b.clock.dueAt!));
  return due[0] ?? readings[0] ?? null;
}
