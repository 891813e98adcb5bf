import { describe, expect, it } from 'vitest';
import { occurredAtProblem } from './interaction-rules.js';

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
