import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { signSurveyToken, surveyLinkKey, verifySurveyToken } from './survey-token.js';

const key = surveyLinkKey('instance secret');
const id = newId('svi');
const expiresAt = new Date(Date.now() + 14 * 86_400_000).toISOString();

describe('survey tokens', () => {
  it('verifies a token it signed, naming the invitation, and is URL-safe and compact', () => {
    const token = signSurveyToken(key, id, expiresAt);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(token.length).toBeLessThan(80);
    expect(encodeURIComponent(token)).toBe(token);
    const check = verifySurveyToken(key, token);
    expect(check).toMatchObject({ ok: true, invitationId: id });
    expect(Math.abs(Date.parse((check as { expiresAt: string }).expiresAt) - Date.parse(expiresAt))).toBeLessThan(1000);
  });

  it('refuses a token whose id, expiry or signature was changed, or signed with another secret', () => {
    const token = signSurveyToken(key, id, expiresAt);
    const [tokenId, expires, mac] = token.split('.') as [string, string, string];
    const otherId = newId('svi');
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    for (const tampered of [`${otherId}.${expires}.${mac}`, `${tokenId}.${(parseInt(expires, 36) + 86_400).toString(36)}.${mac}`, `${tokenId}.${expires}.${flipped}`, `${tokenId}.${expires}`, '', 'x'.repeat(500)]) {
      expect(verifySurveyToken(key, tampered)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(verifySurveyToken(surveyLinkKey('another secret'), token)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('says a genuine token past its expiry is expired, not invalid', () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(verifySurveyToken(key, signSurveyToken(key, id, past))).toEqual({ ok: false, reason: 'expired', invitationId: id });
    expect(verifySurveyToken(key, signSurveyToken(key, id, expiresAt), Date.parse(expiresAt) + 1000)).toMatchObject({ ok: false, reason: 'expired' });
  });
});
