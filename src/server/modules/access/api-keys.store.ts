import type { ApiKey, Role } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { ApiKeyRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { digestSecret, newSecret } from './secrets.js';

function toApiKey(row: ApiKeyRow): ApiKey {
  return { id: row.id, name: row.name, role: row.role as Role, createdAt: row.created_at, revokedAt: row.revoked_at };
}

/** Creates a key; the secret is returned here once and only its digest is stored. */
export async function createApiKey(work: Work, input: { name: string; role: Role }): Promise<ApiKey & { key: string }> {
  const key = newSecret('ack');
  const row: ApiKeyRow = {
    id: newId('key'),
    name: input.name,
    role: input.role,
    key_hash: digestSecret(key),
    created_at: nowInstant(),
    revoked_at: null,
  };
  await insertAudited(work, 'api_keys', row);
  return { ...toApiKey(row), key };
}

export async function listApiKeys(db: Queryable): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
  return rows.map(toApiKey);
}

/**
 * Keys that recently authenticated, by digest. Systems send their key on every request; keeping
 * it for a few seconds saves a query each time. A revocation is forgotten here once committed;
 * other processes sharing a PostgreSQL store stop accepting the key within KEY_CACHE_MS.
 */
const KEY_CACHE_MS = 10_000;
const recentKeys = new Map<string, { row: ApiKeyRow; until: number }>();

/** Call once a change to the key is committed: earlier, a racing request could cache it again. */
export function forgetRecentKey(id: string): void {
  for (const [digest, cached] of recentKeys) if (cached.row.id === id) recentKeys.delete(digest);
}

export async function revokeApiKey(work: Work, id: string): Promise<ApiKey> {
  const before = await work.tx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('API key', id);
  return toApiKey(await updateAudited(work, 'api_keys', before, { revoked_at: before.revoked_at ?? nowInstant() }));
}

export async function apiKeyBySecret(db: Queryable, key: string): Promise<ApiKeyRow | undefined> {
  const digest = digestSecret(key);
  const cached = recentKeys.get(digest);
  if (cached && cached.until > Date.now()) return cached.row;
  const row = await db.selectFrom('api_keys').selectAll().where('key_hash', '=', digest).where('revoked_at', 'is', null).executeTakeFirst();
  if (row) {
    if (recentKeys.size > 10_000) recentKeys.clear();
    recentKeys.set(digest, { row, until: Date.now() + KEY_CACHE_MS });
  } else {
    recentKeys.delete(digest);
  }
  return row;
}
