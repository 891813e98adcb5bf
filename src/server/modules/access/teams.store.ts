import type { Team } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { TeamRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';

function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.created_at, updatedAt: row.updated_at };
}

export async function listTeams(db: Queryable): Promise<Team[]> {
  const rows = await db.selectFrom('teams').selectAll().orderBy('name').execute();
  return rows.map(toTeam);
}

async function teamRowOrThrow(db: Queryable, id: string): Promise<TeamRow> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('team', id);
  return row;
}

export async function createTeam(work: Work, input: { name: string; description?: string }): Promise<Team> {
  const now = nowInstant();
  const row: TeamRow = { id: newId('team'), name: input.name, description: input.description ?? null, created_at: now, updated_at: now };
  await guardUniqueName(() => insertAudited(work, 'teams', row));
  return toTeam(row);
}

export async function updateTeam(work: Work, id: string, input: { name?: string; description?: string }): Promise<Team> {
  const before = await teamRowOrThrow(work.tx, id);
  const after = await guardUniqueName(() =>
    updateAudited(work, 'teams', before, { name: input.name, description: input.description, updated_at: nowInstant() }),
  );
  return toTeam(after);
}

async function guardUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('duplicate_team', 'a team with this name already exists', 'name');
    throw error;
  }
}
