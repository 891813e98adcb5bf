import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * A survey link carries a token that names its invitation and when it closes, signed with a key
 * derived from the instance secret (HMAC(secret, purpose)), so a reply token can never pass for a
 * survey token or the other way round. `<invitation id>.<expiry, seconds base 36>.<128-bit MAC
 * base64url>`: URL-safe, about 70 characters. The invitation's own row stays authoritative for
 * expiry and use; the token only proves we wrote it.
 */

const MAC_BYTES = 16;
const TOKEN = /^([a-z]{2,8}_[0-9A-HJKMNP-TV-Z]{26})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;

/** The key survey tokens are signed with, derived from the instance secret. */
export function surveyLinkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('aftercare survey link').digest();
}

function macOf(key: Buffer, invitationId: string, expires: string): Buffer {
  return createHmac('sha256', key).update(`${invitationId}.${expires}`).digest().subarray(0, MAC_BYTES);
}

export function signSurveyToken(key: Buffer, invitationId: string, expiresAt: string): string {
  const expires = Math.ceil(Date.parse(expiresAt) / 1000).toString(36);
  return `${invitationId}.${expires}.${macOf(key, invitationId, expires).toString('base64url')}`;
}

export type SurveyTokenCheck =
  | { ok: true; invitationId: string; expiresAt: string }
  | { ok: false; reason: 'invalid' | 'expired'; invitationId?: string };

/** Whether `token` is one we signed, and still open at `now`; compared in constant time. */
export function verifySurveyToken(key: Buffer, token: string, now = Date.now()): SurveyTokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, invitationId, expires, mac] = match as unknown as [string, string, string, string];
  // Compared as text, not as decoded bytes: the last base64url character carries 4 unused bits,
  // and decoding would let a token with those bits changed pass as the one we signed.
  const given = Buffer.from(mac);
  const expected = Buffer.from(macOf(key, invitationId, expires).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const expiresMs = parseInt(expires, 36) * 1000;
  if (expiresMs <= now) return { ok: false, reason: 'expired', invitationId };
  return { ok: true, invitationId, expiresAt: new Date(expiresMs).toISOString() };
}
