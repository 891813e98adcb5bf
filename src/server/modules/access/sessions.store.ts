import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { Queryable } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/schema.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { digestSecret, newSecret } from './secrets.js';
import { FAILED_SIGN_IN_WINDOW_MINUTES, type RecentFailures } from './sign-in-throttle.js';

const SESSION_HOURS = 12;

export async function openSession(db: Queryable, userId: string): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = newSecret('acs');
  const csrfToken = newSecret('csrf');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({ token_hash: digestSecret(token), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

const activeSessionUser = compiledOnce((db, tokenHash: string, now: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.csrf_token')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', 1),
);

export async function sessionUser(db: Queryable, token: string): Promise<{ user: UserRow; csrfToken: string } | undefined> {
  const [row] = await activeSessionUser(db, digestSecret(token), nowInstant());
  if (!row) return undefined;
  const { csrf_token, ...user } = row;
  return { user, csrfToken: csrf_token };
}

export async function closeSession(db: Queryable, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', digestSecret(token)).execute();
}

/** Failed sign-ins in the throttle window, for this account and from this address. */
export async function recentFailedLogins(db: Queryable, email: string, ip: string): Promise<RecentFailures> {
  const since = new Date(Date.now() - FAILED_SIGN_IN_WINDOW_MINUTES * 60_000).toISOString();
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => [
      eb.fn.count<number>(eb.case().when('email', '=', email.toLowerCase()).then(1).end()).as('forAccount'),
      eb.fn.count<number>(eb.case().when('ip', '=', ip).then(1).end()).as('fromAddress'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email.toLowerCase()), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { forAccount: Number(row.forAccount), fromAddress: Number(row.fromAddress) };
}

export async function recordFailedLogin(db: Queryable, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ id: newId('lf'), email: email.toLowerCase(), ip, at: nowInstant() }).execute();
}
