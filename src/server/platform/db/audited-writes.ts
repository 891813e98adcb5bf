import type { Insertable, Kysely, Selectable } from 'kysely';
import { insertCompiled } from './compiled-query.js';
import type { Database } from './schema.js';
import type { Work } from './work.js';

/** Tables whose every create and update is audited. */
export type AuditedTable =
  | 'teams'
  | 'users'
  | 'api_keys'
  | 'customers'
  | 'transactions'
  | 'cases'
  | 'interactions'
  | 'case_transitions'
  | 'policies'
  | 'policy_versions'
  | 'resolutions'
  | 'authority_limits'
  | 'reply_templates'
  | 'settings'
  | 'business_calendars'
  | 'sla_policies'
  | 'sla_events'
  | 'notifications'
  | 'contact_preferences'
  | 'consent_events'
  | 'follow_up_rules'
  | 'follow_ups'
  | 'outbound_messages'
  | 'inbound_messages'
  | 'webhook_endpoints'
  | 'survey_invitations'
  | 'survey_responses'
  | 'improvement_items';

// Secrets never enter the audit log, not even hashed: the log is exported and shown.
const REDACTED_COLUMNS = new Set(['password_hash', 'key_hash', 'secret']);

function auditView(row: object): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  // for…in over a row (a plain object) rather than Object.entries: no array per column on every write.
  for (const column in row) view[column] = REDACTED_COLUMNS.has(column) ? '[redacted]' : (row as Record<string, unknown>)[column];
  return view;
}

/**
 * The data layer's writes: each insert or update records its audit event (before and after) in the
 * caller's unit of work, so no route can change data without leaving a trace.
 */
export async function insertAudited<T extends AuditedTable>(
  work: Work,
  table: T,
  row: Insertable<Database[T]> & { id: string },
): Promise<void> {
  await insertCompiled(work.tx, table, [row]);
  work.recordChange({ action: 'create', entityType: table, entityId: row.id, before: null, after: auditView(row) });
}

/** Updates one row by id and records what changed; returns the row after the change. */
export async function updateAudited<T extends AuditedTable>(
  work: Work,
  table: T,
  before: Selectable<Database[T]> & { id: string },
  patch: Partial<Selectable<Database[T]>>,
): Promise<Selectable<Database[T]>> {
  const changed: Record<string, unknown> = {};
  const was: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(patch)) {
    if (value === undefined || column === 'updated_at') continue;
    const previous = (before as Record<string, unknown>)[column];
    if (previous !== value) {
      changed[column] = value;
      was[column] = previous;
    }
  }
  if (Object.keys(changed).length === 0) return before;
  const set = 'updated_at' in patch && patch.updated_at !== undefined ? { ...changed, updated_at: patch.updated_at } : changed;
  // As above: a generic table name defeats Kysely's inference, the parameter types keep it safe.
  const tx = work.tx as unknown as Kysely<Record<string, { id: string }>>;
  await tx.updateTable(table as string).set(set).where('id', '=', before.id).execute();
  work.recordChange({ action: 'update', entityType: table, entityId: before.id, before: auditView(was), after: auditView(changed) });
  return { ...before, ...set } as Selectable<Database[T]>;
}

/** Deletes one row by id; the audit event keeps what was deleted. */
export async function deleteAudited<T extends AuditedTable>(
  work: Work,
  table: T,
  before: Selectable<Database[T]> & { id: string },
): Promise<void> {
  const tx = work.tx as unknown as Kysely<Record<string, { id: string }>>;
  await tx.deleteFrom(table as string).where('id', '=', before.id).execute();
  work.recordChange({ action: 'delete', entityType: table, entityId: before.id, before: auditView(before), after: {} });
}
