import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR, type Work } from '../../platform/db/work.js';
import { nowInstant } from '../../platform/ids.js';
import { channelsConfigOf } from './channels-config.js';

/*
 * A reply token names the outbound message a customer answers (and through it the case and the
 * follow-up) and is signed with the instance's secret, so a mail can only thread by token if we
 * wrote the token. It travels in the Reply-To address, `reply+<token>@domain`. Mail systems may
 * change the case of an address, so the token uses lower-case letters and digits only: the
 * message id in lower case, a dot, and 80 bits of HMAC-SHA256 in base32.
 */

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';
const MAC_BYTES = 10;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function macOf(secret: string, messageId: string): string {
  return base32(createHmac('sha256', secret).update(`reply-token:${messageId.toLowerCase()}`).digest().subarray(0, MAC_BYTES));
}

/** The token for replies to the outbound message `messageId` (an `outbound_messages` id). */
export function signReplyToken(secret: string, messageId: string): string {
  return `${messageId.toLowerCase()}.${macOf(secret, messageId)}`;
}

/** The outbound message id a token names, or null when the token is malformed or its signature does not match. */
export function verifyReplyToken(secret: string, token: string): string | null {
  const match = /^([a-z]+)_([0-9a-z]{26})\.([0-9a-z]{16})$/.exec(token.toLowerCase());
  if (!match) return null;
  const [, prefix, ulid, mac] = match as unknown as [string, string, string, string];
  const messageId = `${prefix}_${ulid.toUpperCase()}`;
  const expected = Buffer.from(macOf(secret, messageId));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? messageId : null;
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

/** The token in the first address of the form `reply+TOKEN@…`, signed or not: the caller verifies it. */
export function replyTokenIn(addresses: readonly string[]): string | null {
  for (const address of addresses) {
    const match = /^reply\+([^@\s]+)@/i.exec(address.trim());
    if (match) return match[1]!;
  }
  return null;
}

const SECRET_SETTING = 'channels.reply-token-secret';
const secrets = new WeakMap<Store, Promise<string>>();

/**
 * The key reply tokens are signed with: AFTERCARE_SECRET when set, else a random key made on first
 * use and kept in the settings table, so every process sharing the store signs alike.
 * Call it outside any unit of work: it may open one to store the new key.
 */
export function replySecretOf(store: Store): Promise<string> {
  const configured = channelsConfigOf(store).secret;
  if (configured) return Promise.resolve(configured);
  let secret = secrets.get(store);
  if (!secret) {
    secret = loadOrCreateSecret(store);
    secrets.set(store, secret);
    secret.catch(() => secrets.delete(store));
  }
  return secret;
}

async function loadOrCreateSecret(store: Store): Promise<string> {
  // Read without a transaction first: the key exists on every call but the very first.
  const existing = await store.db.selectFrom('settings').select('value_json').where('id', '=', SECRET_SETTING).executeTakeFirst();
  if (existing) return JSON.parse(existing.value_json) as string;
  return (await inTransaction(store, SYSTEM_ACTOR, instanceSecretInWork)).secret;
}

/**
 * The instance secret inside a unit of work (AFTERCARE_SECRET, else the key kept in settings, made
 * here if missing): read in the caller's transaction, since opening another while it holds the
 * store would wait on itself. `made` says the key was made in this transaction, so it is known to
 * other processes only once that commits.
 */
export async function instanceSecretInWork(work: Work): Promise<{ secret: string; made: boolean }> {
  const configured = channelsConfigOf(work.store).secret;
  if (configured) return { secret: configured, made: false };
  const read = () => work.tx.selectFrom('settings').select('value_json').where('id', '=', SECRET_SETTING).executeTakeFirst();
  const existing = await read();
  if (existing) return { secret: JSON.parse(existing.value_json) as string, made: false };
  const now = nowInstant();
  const inserted = await work.tx
    .insertInto('settings')
    .values({ id: SECRET_SETTING, value_json: JSON.stringify(randomBytes(32).toString('hex')), updated_at: now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  // Written by hand rather than with insertAudited: the audit log is exported and shown, and the
  // key must not appear in it. The event says that the key was made, not what it is.
  if (inserted) work.recordChange({ action: 'create', entityType: 'settings', entityId: SECRET_SETTING, before: null, after: { id: SECRET_SETTING, value_json: '[redacted]', updated_at: now } });
  const created = await read();
  if (!created) throw new Error('the reply-token secret could not be stored');
  return { secret: JSON.parse(created.value_json) as string, made: inserted !== undefined };
}
