import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Aftercare-Signature';

/** Five minutes either way: a receiver refuses a signed body replayed later than that. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new endpoint secret: 256 random bits; the whole string, prefix included, is the HMAC key. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The `Aftercare-Signature` value for a body sent at `timestamp` (Unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed by the endpoint's secret>`.
 * The timestamp is signed with the body so a captured delivery cannot be replayed later.
 */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * What a receiver does with a delivery: checks the header against the raw body as received (before
 * any JSON parsing) and refuses a timestamp further than `toleranceSeconds` from its own clock.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = {},
): SignatureCheck {
  if (!header) return { valid: false, reason: `no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const stamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (stamps.length !== 1 || !/^\d{1,12}$/.test(stamps[0]!)) return { valid: false, reason: 'the header needs one t=<unix seconds>' };
  if (signatures.length === 0) return { valid: false, reason: 'the header has no v1 signature' };
  const timestamp = Number(stamps[0]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: `the timestamp is more than ${toleranceSeconds} s from now` };
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'no v1 signature matches the body' };
}
