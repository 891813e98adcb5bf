import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('carries its prefix and sorts by creation time', () => {
    const earlier = newId('case', Date.parse('2026-01-01T00:00:00Z'));
    const later = newId('case', Date.parse('2026-06-01T00:00:00Z'));
    expect(earlier).toMatch(/^case_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(earlier < later).toBe(true);
  });

  it('keeps creation order among ids made in the same millisecond', () => {
    const at = Date.now();
    const ids = Array.from({ length: 1000 }, () => newId('int', at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
