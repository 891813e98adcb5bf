import { describe, expect, it } from 'vitest';
import { DIRECTIONS, INTERACTION_MARKS } from '../../../shared/index.js';
import { marksProblem, occurredAtProblem } from './interaction-rules.js';

describe('occurredAtProblem', () => {
  const loggedAt = '2026-11-26T10:00:00.000Z';

  it('accepts contacts logged after they happened', () => {
    expect(occurredAtProblem('2026-11-25T16:30:00.000Z', loggedAt)).toBeNull();
    expect(occurredAtProblem(loggedAt, loggedAt)).toBeNull();
  });

  it('tolerates a caller clock up to a minute ahead', () => {
    expect(occurredAtProblem('2026-11-26T10:00:59.000Z', loggedAt)).toBeNull();
  });

  it('refuses a contact that would have happened after it was logged', () => {
    expect(occurredAtProblem('2026-11-26T10:05:00.000Z', loggedAt)).toBe('must not be in the future');
  });
});

describe('marksProblem', () => {
  it('accepts no marks in any direction', () => {
    for (const direction of DIRECTIONS) expect(marksProblem(direction, []), direction).toBeNull();
  });

  it('lets contacts either way carry what was said in them', () => {
    for (const direction of ['inbound', 'outbound'] as const) {
      expect(marksProblem(direction, ['understanding_confirmed', 'apology', 'thanks', 'explanation'])).toBeNull();
    }
  });

  it('refuses every mark on an internal note: the customer heard none of it', () => {
    for (const mark of INTERACTION_MARKS) expect(marksProblem('internal', [mark]), mark).toMatch(new RegExp(`^${mark} cannot mark an internal note`));
  });

  it('takes the confirmation of a resolution only from the customer', () => {
    expect(marksProblem('inbound', ['resolution_confirmed'])).toBeNull();
    expect(marksProblem('outbound', ['resolution_confirmed'])).toBe('resolution_confirmed cannot mark an outbound contact; it needs inbound');
  });

  it('takes a failed attempt only on a contact we made, and alone', () => {
    expect(marksProblem('outbound', ['failed_attempt'])).toBeNull();
    expect(marksProblem('inbound', ['failed_attempt'])).toBe('failed_attempt cannot mark an inbound contact; it needs outbound');
    expect(marksProblem('outbound', ['failed_attempt', 'apology'])).toBe('failed_attempt cannot go with other marks: nobody was reached');
  });
});
