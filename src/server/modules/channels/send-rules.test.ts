import { describe, expect, it } from 'vitest';
import { ChannelUnavailableError, failureOutcome, retryDelayMs, SendError, UNAVAILABLE_RETRY_MS } from './send-rules.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('retry delays', () => {
  it('grow from 30 s, doubling, to an hour at most, scaled by the jitter', () => {
    const almostOne = () => 1 - Number.EPSILON;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((attempts) => retryDelayMs(attempts, almostOne))).toEqual(
      [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600].map((seconds) => seconds * 1000 - 1),
    );
    expect(retryDelayMs(3, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(3, () => 0)).toBe(0);
  });

  it('spread messages that failed together over the whole window (full jitter)', () => {
    const delays = Array.from({ length: 2000 }, () => retryDelayMs(2));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(60_000);
    expect(new Set(delays.map((delay) => Math.floor(delay / 6000))).size).toBe(10);
  });
});

describe('what a failed send leads to', () => {
  it('a permanent failure fails at once, whatever the tries left', () => {
    expect(failureOutcome(new SendError('SMTP 550: no such user', { permanent: true }), 1, 10, NOW)).toEqual({ state: 'failed', reason: 'SMTP 550: no such user' });
  });

  it('a temporary failure is retried after the backoff, until the last try fails', () => {
    expect(failureOutcome(new SendError('SMTP 451: try later', { permanent: false }), 2, 10, NOW, () => 0.5)).toEqual({ state: 'queued', reason: 'SMTP 451: try later', retryAt: NOW + 30_000, attempts: 2 });
    expect(failureOutcome(new Error('connect ECONNREFUSED'), 3, 10, NOW, () => 0)).toMatchObject({ state: 'queued', retryAt: NOW });
    expect(failureOutcome(new SendError('SMTP 451: try later', { permanent: false }), 10, 10, NOW)).toEqual({ state: 'failed', reason: 'gave up after 10 tries; the last: SMTP 451: try later' });
  });

  it('an unavailable channel waits without using up the try', () => {
    expect(failureOutcome(new ChannelUnavailableError('SMTP_URL is not set'), 4, 10, NOW)).toEqual({ state: 'queued', reason: 'SMTP_URL is not set', retryAt: NOW + UNAVAILABLE_RETRY_MS, attempts: 3 });
  });
});
