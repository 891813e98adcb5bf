import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../ui/format.js';
import { readableBody } from './notification-bell.js';

describe('readableBody', () => {
  it('shows the instants the server wrote in UTC on the reader’s clock, as a sentence', () => {
    expect(readableBody('first response was due 2026-11-26T10:45:23.840Z — “Kettle leaks”')).toBe(
      `First response was due ${formatDateTime('2026-11-26T10:45:23.840Z')} — “Kettle leaks”`,
    );
    expect(readableBody('Nothing to convert')).toBe('Nothing to convert');
  });
});
