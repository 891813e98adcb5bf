import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './webhook-signature.js';

const SECRET = 'whsec_test';
const BODY = '{"id":"evt_1","type":"case.created"}';
const T = 1_780_000_000;

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 keyed by the whole secret', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signatureHeader(SECRET, BODY, T);
    expect(verifySignature(SECRET, BODY, header, { nowSeconds: T + 299 })).toEqual({ valid: true, timestamp: T });
    expect(verifySignature(SECRET, BODY, header, { nowSeconds: T - 299 })).toEqual({ valid: true, timestamp: T });
  });

  it('refuses a replay outside the tolerance, another body, another secret', () => {
    const header = signatureHeader(SECRET, BODY, T);
    expect(verifySignature(SECRET, BODY, header, { nowSeconds: T + 301 })).toMatchObject({ valid: false, reason: expect.stringMatching(/more than 300 s/) });
    expect(verifySignature(SECRET, BODY + ' ', header, { nowSeconds: T })).toMatchObject({ valid: false, reason: 'no v1 signature matches the body' });
    expect(verifySignature('whsec_other', BODY, header, { nowSeconds: T })).toMatchObject({ valid: false });
  });

  it('refuses malformed headers with a reason', () => {
    const check = (header: string | null) => verifySignature(SECRET, BODY, header, { nowSeconds: T });
    expect(check(null)).toMatchObject({ valid: false, reason: 'no Aftercare-Signature header' });
    expect(check('v1=abc')).toMatchObject({ valid: false, reason: 'the header needs one t=<unix seconds>' });
    expect(check(`t=${T},t=${T},v1=ab`)).toMatchObject({ valid: false, reason: 'the header needs one t=<unix seconds>' });
    expect(check(`t=${T}`)).toMatchObject({ valid: false, reason: 'the header has no v1 signature' });
    expect(check(`t=${T},v1=zz`)).toMatchObject({ valid: false, reason: 'no v1 signature matches the body' });
  });

  it('accepts the header when one of several v1 signatures matches', () => {
    const [, good] = signatureHeader(SECRET, BODY, T).split(',');
    expect(verifySignature(SECRET, BODY, `t=${T}, v1=${'0'.repeat(64)}, ${good}`, { nowSeconds: T })).toMatchObject({ valid: true });
  });

  it('makes a new 256-bit secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
