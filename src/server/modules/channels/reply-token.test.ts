import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { replyAddress, replyTokenIn, signReplyToken, verifyReplyToken } from './reply-token.js';

const SECRET = 'a test secret';

describe('reply tokens', () => {
  const messageId = newId('msg');
  const token = signReplyToken(SECRET, messageId);

  it('name the message they were made for, and fit in the local part of an address', () => {
    expect(verifyReplyToken(SECRET, token)).toBe(messageId);
    expect(replyAddress(token, 'desk.example').split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(token).toMatch(/^[0-9a-z_.]+$/);
  });

  it('survive a mail system that changes the case of the address', () => {
    expect(verifyReplyToken(SECRET, token.toUpperCase())).toBe(messageId);
  });

  it('do not verify when tampered with, made with another secret, or malformed', () => {
    const [id, mac] = token.split('.') as [string, string];
    const otherMessage = newId('msg').toLowerCase();
    expect(verifyReplyToken(SECRET, `${otherMessage}.${mac}`)).toBeNull();
    expect(verifyReplyToken(SECRET, `${id}.${mac.slice(0, -1)}${mac.endsWith('a') ? 'b' : 'a'}`)).toBeNull();
    expect(verifyReplyToken('another secret', token)).toBeNull();
    for (const malformed of ['', id, `${id}.`, `${id}.${mac}x`, `${id}..${mac}`, 'reply', `../${token}`]) expect(verifyReplyToken(SECRET, malformed)).toBeNull();
  });

  it('are found in the first reply address among the recipients', () => {
    expect(replyTokenIn(['support@desk.example', `Reply+${token}@desk.example`])).toBe(token);
    expect(replyTokenIn(['support@desk.example', 'replies@desk.example'])).toBeNull();
  });
});
