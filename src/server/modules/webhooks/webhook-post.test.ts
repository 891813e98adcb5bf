import { describe, expect, it } from 'vitest';
import { outcomeOfStatus } from './webhook-post.js';

describe('outcomeOfStatus', () => {
  it('counts every 2xx as delivered', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(outcomeOfStatus(status)).toEqual({ sent: true, status });
  });

  it('retries timeouts, throttling and server errors', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(outcomeOfStatus(status)).toMatchObject({ sent: false, permanent: false });
    expect(outcomeOfStatus(503, 'down for maintenance')).toEqual({ sent: false, permanent: false, reason: 'HTTP 503 Service Unavailable: down for maintenance' });
  });

  it('gives up on other client errors and on redirects, which are not followed', () => {
    for (const status of [400, 401, 403, 404, 410, 422]) expect(outcomeOfStatus(status)).toMatchObject({ sent: false, permanent: true });
    expect(outcomeOfStatus(301)).toEqual({ sent: false, permanent: true, reason: 'HTTP 301 Moved Permanently (redirects are not followed: save the final URL)' });
    expect(outcomeOfStatus(499)).toEqual({ sent: false, permanent: true, reason: 'HTTP 499' });
  });
});
