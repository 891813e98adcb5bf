import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../db/database.js';
import { insertCompiled } from '../db/compiled-query.js';
import { isUniqueViolation } from '../db/engine.js';
import { inTransaction, type Work } from '../db/work.js';
import { nowInstant } from '../ids.js';
import { AppError, invalidField } from './errors.js';
import { principalOrThrow } from './authenticate.js';

/**
 * Runs a create in one transaction and answers 201. With an `Idempotency-Key` header, the response
 * is stored in that same transaction, so a retried POST replays the first answer instead of
 * creating a duplicate, even when the retry races the original.
 */
export async function respondCreated<T>(
  store: Store,
  request: FastifyRequest,
  reply: FastifyReply,
  create: (work: Work) => Promise<T>,
): Promise<void> {
  const principal = principalOrThrow(request);
  const key = request.headers['idempotency-key'];
  if (key === undefined) {
    const created = await inTransaction(store, principal.actor, create);
    reply.code(201).send(created);
    return;
  }
  if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
    throw invalidField('Idempotency-Key', 'must be a single header of 1 to 200 characters');
  }
  const principalId = principal.actor.id ?? 'anonymous';
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');

  const replay = async (): Promise<boolean> => {
    const stored = await store.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal_id', '=', principalId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!stored) return false;
    if (stored.request_hash !== requestHash) {
      throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request', [
        { field: 'Idempotency-Key', reason: 'was already used for a different request' },
      ]);
    }
    reply.code(stored.status_code).header('idempotent-replayed', 'true').type('application/json').send(stored.response_json);
    return true;
  };

  if (await replay()) return;
  try {
    const created = await inTransaction(store, principal.actor, async (work) => {
      const result = await create(work);
      await insertCompiled(work.tx, 'idempotency_keys', [
        {
          principal_id: principalId,
          key,
          request_hash: requestHash,
          status_code: 201,
          response_json: JSON.stringify(result),
          created_at: nowInstant(),
        },
      ]);
      return result;
    });
    reply.code(201).send(created);
  } catch (error) {
    if (isUniqueViolation(error) && (await replay())) return;
    throw error;
  }
}
