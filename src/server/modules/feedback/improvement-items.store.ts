import type { CreateImprovementItem, ImprovementEvidence, ImprovementItem, ImprovementItemListQuery, ImprovementStatus, UpdateImprovementItem } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { ImprovementItemRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';

/** Statuses of an item still being worked on: one such item per theme unless forced. */
const OPEN_STATUSES: readonly ImprovementStatus[] = ['open', 'in_progress'];
const isClosed = (status: ImprovementStatus) => !OPEN_STATUSES.includes(status);

/** Overdue: still open and due before today, in UTC as the due date has no zone. */
export function isOverdue(status: ImprovementStatus, dueDate: string | null, nowMs = Date.now()): boolean {
  return !isClosed(status) && dueDate !== null && dueDate < new Date(nowMs).toISOString().slice(0, 10);
}

type ItemRow = ImprovementItemRow & { owner_name: string | null };

function toItem(row: ItemRow): ImprovementItem {
  const status = row.status as ImprovementStatus;
  return {
    id: row.id,
    title: row.title,
    theme: row.theme,
    description: row.description,
    affected: row.affected,
    evidence: JSON.parse(row.evidence_json) as ImprovementEvidence,
    estimatedEffect: row.estimated_effect,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    status,
    dueDate: row.due_date,
    overdue: isOverdue(status, row.due_date),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

function items(db: Queryable) {
  return db.selectFrom('improvement_items').leftJoin('users', 'users.id', 'improvement_items.owner_id').selectAll('improvement_items').select('users.name as owner_name');
}

export async function listImprovementItems(db: Queryable, query: ImprovementItemListQuery): Promise<ImprovementItem[]> {
  let select = items(db).orderBy('improvement_items.created_at', 'desc').orderBy('improvement_items.id', 'desc');
  if (query.status) select = select.where('improvement_items.status', '=', query.status);
  if (query.owner) select = select.where('improvement_items.owner_id', '=', query.owner);
  return (await select.execute()).map(toItem);
}

export async function getImprovementItem(db: Queryable, id: string): Promise<ImprovementItem> {
  const row = await items(db).where('improvement_items.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('improvement item', id);
  return toItem(row);
}

/** The open item of each theme (the latest, when forced duplicates exist). */
export async function openItemsByTheme(db: Queryable): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('improvement_items')
    .select(['id', 'theme'])
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return new Map(rows.map((row) => [row.theme, row.id]));
}

async function checkOwner(db: Queryable, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const owner = await db.selectFrom('users').select('id').where('id', '=', ownerId).executeTakeFirst();
  if (!owner) throw invalidField('ownerId', `refers to no user (${ownerId})`);
}

export async function createImprovementItem(work: Work, input: CreateImprovementItem): Promise<ImprovementItem> {
  await checkOwner(work.tx, input.ownerId);
  if (!input.force) {
    const open = (await openItemsByTheme(work.tx)).get(input.theme);
    if (open) throw conflict('improvement_already_open', `an improvement item for "${input.theme}" is already open (${open}); send force: true to add another`, 'theme');
  }
  const now = nowInstant();
  const id = newId('imp');
  await insertAudited(work, 'improvement_items', {
    id,
    title: input.title,
    theme: input.theme,
    description: input.description ?? null,
    affected: input.affected ?? null,
    evidence_json: JSON.stringify(input.evidence),
    estimated_effect: input.estimatedEffect ?? null,
    owner_id: input.ownerId ?? null,
    status: 'open',
    due_date: input.dueDate ?? null,
    created_by: work.actor.id,
    created_at: now,
    updated_at: now,
    closed_at: null,
  });
  return getImprovementItem(work.tx, id);
}

export async function updateImprovementItem(work: Work, id: string, change: UpdateImprovementItem): Promise<ImprovementItem> {
  const before = await work.tx.selectFrom('improvement_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound('improvement item', id);
  await checkOwner(work.tx, change.ownerId);
  const now = nowInstant();
  const wasClosed = isClosed(before.status as ImprovementStatus);
  const closedAt = change.status === undefined ? undefined : isClosed(change.status) ? (wasClosed ? before.closed_at : now) : null;
  await updateAudited(work, 'improvement_items', before, {
    title: change.title,
    description: change.description,
    owner_id: change.ownerId,
    status: change.status,
    due_date: change.dueDate,
    closed_at: closedAt,
    updated_at: now,
  });
  return getImprovementItem(work.tx, id);
}
