import { sql } from 'kysely';
import type { AuditEvent, AuditListQuery, Page } from '../../../shared/index.js';
import type { Actor } from '../../platform/db/work.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { AuditEventRow } from '../../platform/db/schema.js';
import { nowInstant } from '../../platform/ids.js';
import { compiledOnce, insertCompiled } from '../../platform/db/compiled-query.js';
import { createChainVerifier, GENESIS_HASH, hashAuditEvent, type ChainProblem } from './audit-chain.js';

export interface AuditChange {
  action: 'create' | 'update' | 'delete';
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const takeSequenceNumbers = compiledOnce((db, count: number) =>
  db.updateTable('counters').set({ value: sql`value + ${count}` }).where('name', '=', 'audit_seq').returning('value'),
);
const hashOfEvent = compiledOnce((db, seq: number) => db.selectFrom('audit_events').select('hash').where('seq', '=', seq));

/** The changes one unit of work made, on behalf of one actor. */
export interface AuditBatch {
  actor: Actor;
  changes: readonly AuditChange[];
}

/** Rows per insert statement: few statement shapes to prepare, well under any parameter limit. */
const ROWS_PER_INSERT = 32;

/**
 * Appends the changes of one transaction to the hash chain: of one unit of work, or of all the
 * units sharing a group commit, in the order given. Taking the next sequence numbers with an
 * UPDATE on the counter row locks it until commit, which serialises chain writers on PostgreSQL
 * exactly as SQLite's single writer does, with the same SQL on both.
 */
export async function appendAuditEvents(tx: Tx, batches: readonly AuditBatch[]): Promise<void> {
  let count = 0;
  for (const batch of batches) count += batch.changes.length;
  if (count === 0) return;
  const [counter] = await takeSequenceNumbers(tx, count);
  const firstSeq = Number(counter!.value) - count + 1;
  let prevHash = GENESIS_HASH;
  if (firstSeq > 1) {
    const [previous] = await hashOfEvent(tx, firstSeq - 1);
    // A missing predecessor means the chain was already tampered with; chain on from a marker
    // that `audit verify` will report rather than failing the user's change.
    prevHash = previous?.hash ?? GENESIS_HASH;
  }
  const occurredAt = nowInstant();
  const rows: AuditEventRow[] = [];
  for (const { actor, changes } of batches) {
    for (const change of changes) {
      const event = {
        seq: firstSeq + rows.length,
        occurredAt,
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        beforeJson: change.before ? JSON.stringify(change.before) : null,
        afterJson: JSON.stringify(change.after),
        prevHash,
      };
      const hash = hashAuditEvent(event);
      prevHash = hash;
      rows.push({
        seq: event.seq,
        occurred_at: event.occurredAt,
        actor_type: event.actorType,
        actor_id: event.actorId,
        actor_name: event.actorName,
        action: event.action,
        entity_type: event.entityType,
        entity_id: event.entityId,
        before_json: event.beforeJson,
        after_json: event.afterJson,
        prev_hash: event.prevHash,
        hash,
      });
    }
  }
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    await insertCompiled(tx, 'audit_events', rows.slice(from, from + ROWS_PER_INSERT) as unknown as Record<string, unknown>[]);
  }
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action as AuditEvent['action'],
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before_json ? JSON.parse(row.before_json) : null,
    after: JSON.parse(row.after_json),
    hash: row.hash,
  };
}

export async function listAuditEvents(db: Queryable, query: AuditListQuery): Promise<Page<AuditEvent>> {
  let select = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(query.limit + 1);
  if (query.entityType) select = select.where('entity_type', '=', query.entityType);
  if (query.entityId) select = select.where('entity_id', '=', query.entityId);
  if (query.cursor) select = select.where('seq', '<', Number(query.cursor));
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toAuditEvent);
  return { items, nextCursor: rows.length > query.limit ? String(items.at(-1)!.seq) : null };
}

/** Every event about any of these entities, oldest first. */
export async function auditEventsOf(db: Queryable, entityIds: string[]): Promise<AuditEvent[]> {
  if (entityIds.length === 0) return [];
  const rows = await db.selectFrom('audit_events').selectAll().where('entity_id', 'in', entityIds).orderBy('seq').execute();
  return rows.map(toAuditEvent);
}

export type ChainReport = { ok: true; checked: number } | { ok: false; checked: number; problem: ChainProblem };

/** Re-computes the whole chain in pages, so it runs in constant memory on any size of log. */
export async function verifyAuditChain(db: Queryable): Promise<ChainReport> {
  const verifier = createChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
    for (const row of rows) {
      const problem = verifier.check({
        seq: Number(row.seq),
        occurredAt: row.occurred_at,
        actorType: row.actor_type,
        actorId: row.actor_id,
        actorName: row.actor_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        beforeJson: row.before_json,
        afterJson: row.after_json,
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      if (problem) return { ok: false, checked: Number(row.seq), problem };
    }
    if (rows.length < 1000) break;
    after = Number(rows.at(-1)!.seq);
  }
  const counter = await db.selectFrom('counters').select('value').where('name', '=', 'audit_seq').executeTakeFirstOrThrow();
  return verifier.finish(Number(counter.value));
}
