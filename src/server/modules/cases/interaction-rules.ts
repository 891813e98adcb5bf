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

