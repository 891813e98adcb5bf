import type { Direction, InteractionMark } from '../../../shared/index.js';
import { MARK_DIRECTIONS } from '../../../shared/index.js';

/** Clocks of phones and other systems drift; a minute ahead of ours is still "now". */
const CLOCK_SKEW_MS = 60_000;

/**
 * Why an interaction's `occurredAt` cannot be accepted, or null. Something that was logged cannot
 * have happened after it was logged.
 */
export function occurredAtProblem(occurredAt: string, loggedAt: string): string | null {
  if (Date.parse(occurredAt) > Date.parse(loggedAt) + CLOCK_SKEW_MS) return 'must not be in the future';
  return null;
}


/** Why these marks cannot go with an interaction in this direction, or null. */
export function marksProblem(direction: Direction, marks: readonly InteractionMark[]): string | null {
  for (const mark of marks) {
    if (!MARK_DIRECTIONS[mark].includes(direction)) {
      return `${mark} cannot mark an ${direction === 'internal' ? 'internal note' : `${direction} contact`}; it needs ${MARK_DIRECTIONS[mark].join(' or ')}`;
    }
  }
  if (marks.includes('failed_attempt') && marks.length > 1) return 'failed_attempt cannot go with other marks: nobody was reached';
  return null;
}
