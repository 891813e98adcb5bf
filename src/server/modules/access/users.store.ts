import type { Page, Role, User, UserListQuery } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { UserRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { hashPassword } from './secrets.js';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    teamId: row.team_id,
    active: Boolean(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listUsers(db: Queryable, query: UserListQuery): Promise<Page<User>> {
  let select = db.selectFrom('users').selectAll().orderBy('id').limit(query.limit + 1);
  if (query.cursor) select = select.where('id', '>', query.cursor);
  if (query.role) select = select.where('role', '=', query.role);
  if (query.teamId) select = select.where('team_id', '=', query.teamId);
  if (query.active !== undefined) select = select.where('active', '=', Number(query.active));
  const rows = await select.execute();
  const items = rows.slice(0, query.limit).map(toUser);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
}

export async function userRowOrThrow(db: Queryable, id: string): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user', id);
  return row;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

async function assertTeamExists(db: Queryable, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw invalidField('teamId', `refers to no team (${teamId})`);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  teamId?: string;
  password: string;
}

export async function createUser(work: Work, input: NewUser): Promise<User> {
  await assertTeamExists(work.tx, input.teamId);
  const now = nowInstant();
  const row: UserRow = {
    id: newId('usr'),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    team_id: input.teamId ?? null,
    password_hash: await hashPassword(input.password),
    active: 1,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertAudited(work, 'users', row);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate_user', 'a user with this email already exists', 'email');
    throw error;
  }
  return toUser(row);
}

export interface UserChange {
  name?: string;
  role?: Role;
  teamId?: string | null;
  active?: boolean;
  password?: string;
}

export async function updateUser(work: Work, id: string, change: UserChange): Promise<User> {
  const before = await userRowOrThrow(work.tx, id);
  await assertTeamExists(work.tx, change.teamId);
  const after = await updateAudited(work, 'users', before, {
    name: change.name,
    role: change.role,
    team_id: change.teamId,
    active: change.active === undefined ? undefined : Number(change.active),
    password_hash: change.password === undefined ? undefined : await hashPassword(change.password),
    updated_at: nowInstant(),
  });
  return toUser(after);
}
