import { sql, SqliteAdapter, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Engine } from './database.js';

/*
 * The few places where SQLite and PostgreSQL need different SQL. Everything else is the same
 * query code on both engines.
 */

/** Case-insensitive substring match. SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE. */
export function containsIgnoringCase(engine: Engine, column: Expression<unknown>, needle: string): Expression<SqlBool> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return engine === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** True when the error is a violation of a unique constraint. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Rows to claim for this worker alone. PostgreSQL has many writers: the rows are locked, and rows
 * another worker is locking right now are skipped rather than waited for, so concurrent claims
 * never pick the same row. SQLite's single writer already runs one claim at a time.
 */
export function lockedForClaim<DB, TB extends keyof DB, O>(engine: Engine, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return engine === 'postgres' ? query.forUpdate().skipLocked() : query;
}

function engineOf(db: Kysely<unknown>): Engine {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/**
 * The type of a 64-bit integer primary key. On SQLite it must be spelled `integer` to become the
 * table's rowid, which saves a separate index on every insert.
 */
export function integerKeyType(db: Kysely<unknown>): 'integer' | 'bigint' {
  return engineOf(db) === 'sqlite' ? 'integer' : 'bigint';
}
