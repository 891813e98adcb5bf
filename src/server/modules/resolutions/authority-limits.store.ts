import { z } from 'zod';
import type { AuthorityLimit, SetAuthorityLimit } from '../../../shared/index.js';
import { AuthorityLimitQuery } from '../../../shared/index.js';
import { deleteAudited, insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { AuthorityLimitRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { forbidden, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import type { Authority, LimitRule } from './authority.js';
import { limitsFor } from './authority.js';

type LimitWithName = AuthorityLimitRow & { user_name: string | null };

function toLimit(row: LimitWithName): AuthorityLimit {
  const isUser = row.subject_type === 'user';
  return {
    id: row.id,
    role: isUser ? null : (row.subject as AuthorityLimit['role']),
    userId: isUser ? row.subject : null,
    userName: row.user_name,
    resolutionType: row.resolution_type as AuthorityLimit['resolutionType'],
    currency: row.currency === '' ? null : row.currency,
    maxAmountMinor: row.max_amount_minor === null ? null : Number(row.max_amount_minor),
    updatedAt: row.updated_at,
  };
}

function limitsWithNames(db: Queryable) {
  return db
    .selectFrom('authority_limits')
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'authority_limits.subject').on('authority_limits.subject_type', '=', 'user'))
    .selectAll('authority_limits')
    .select('users.name as user_name');
}

export async function listAuthorityLimits(db: Queryable, query: z.infer<typeof AuthorityLimitQuery>): Promise<AuthorityLimit[]> {
  let select = limitsWithNames(db).orderBy('authority_limits.subject_type').orderBy('authority_limits.subject').orderBy('authority_limits.resolution_type');
  if (query.role) select = select.where('authority_limits.subject_type', '=', 'role').where('authority_limits.subject', '=', query.role);
  if (query.userId) select = select.where('authority_limits.subject_type', '=', 'user').where('authority_limits.subject', '=', query.userId);
  return (await select.execute()).map(toLimit);
}

/** Every limit as a rule; the table holds a few dozen rows, so deciding reads them all. */
function toRule(row: AuthorityLimitRow): LimitRule {
  return {
    subjectType: row.subject_type as LimitRule['subjectType'],
    subject: row.subject,
    resolutionType: row.resolution_type,
    currency: row.currency === '' ? null : row.currency,
    maxAmountMinor: row.max_amount_minor === null ? null : Number(row.max_amount_minor),
  };
}

export async function limitRules(db: Queryable): Promise<LimitRule[]> {
  return (await db.selectFrom('authority_limits').selectAll().execute()).map(toRule);
}

/** The limits that apply to someone, type by type: their own where they have any, else their role's. */
export async function effectiveLimits(db: Queryable, who: Authority): Promise<AuthorityLimit[]> {
  const rows = await limitsWithNames(db).execute();
  const rules = rows.map(toRule);
  const types = [...new Set(rules.map((rule) => rule.resolutionType))];
  const applying = new Set(types.flatMap((type) => limitsFor(rules, who, type)));
  return rows.filter((_, index) => applying.has(rules[index]!)).map(toLimit);
}

/**
 * Nobody raises their own authority: the limits of one's own role and one's own limits are set by
 * someone else. Admins are the exception, or nobody could set an admin's.
 */
function refuseSelfEmpowerment(who: Authority, subjectType: string, subject: string): void {
  if (who.role === 'admin') return;
  if ((subjectType === 'role' && subject === who.role) || (subjectType === 'user' && subject === who.userId)) {
    throw forbidden('nobody changes the authority limits that apply to themselves: ask a manager or an admin');
  }
}

/** Sets one limit: a role's or a user's, for one resolution type and currency. */
export async function setAuthorityLimit(work: Work, who: Authority, input: SetAuthorityLimit): Promise<AuthorityLimit> {
  const subjectType = input.userId ? 'user' : 'role';
  const subject = input.userId ?? input.role!;
  refuseSelfEmpowerment(who, subjectType, subject);
  if (input.userId) {
    const user = await work.tx.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw invalidField('userId', `refers to no user (${input.userId})`);
  }
  const currency = input.currency ?? '';
  const existing = await work.tx
    .selectFrom('authority_limits')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject', '=', subject)
    .where('resolution_type', '=', input.resolutionType)
    .where('currency', '=', currency)
    .executeTakeFirst();
  const now = nowInstant();
  let id: string;
  if (existing) {
    id = existing.id;
    await updateAudited(work, 'authority_limits', existing, { max_amount_minor: input.maxAmountMinor, updated_at: now });
  } else {
    id = newId('lim');
    await insertAudited(work, 'authority_limits', {
      id,
      subject_type: subjectType,
      subject,
      resolution_type: input.resolutionType,
      currency,
      max_amount_minor: input.maxAmountMinor,
      created_at: now,
      updated_at: now,
    });
  }
  return toLimit((await limitsWithNames(work.tx).where('authority_limits.id', '=', id).executeTakeFirstOrThrow()) as LimitWithName);
}

export async function removeAuthorityLimit(work: Work, who: Authority, id: string): Promise<void> {
  const row = await work.tx.selectFrom('authority_limits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('authority limit', id);
  refuseSelfEmpowerment(who, row.subject_type, row.subject);
  await deleteAudited(work, 'authority_limits', row);
}
