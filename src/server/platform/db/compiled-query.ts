import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Queryable } from './database.js';

const SLOT = '\u0000aftercare-slot-';

interface Slotted {
  query: CompiledQuery;
  /** For each parameter of the compiled query, the index of the value that fills it, or -1. */
  slots: number[];
}

// The SQL a query compiles to depends only on the dialect, so compiled queries are shared by a
// database and all its transactions.
const byDialect = new WeakMap<object, Map<string, Slotted>>();

function slotted(db: Queryable, key: string, slotCount: number, build: (standIns: unknown[]) => Compilable<unknown>): Slotted {
  const dialect = db.getExecutor().adapter.constructor;
  let cache = byDialect.get(dialect);
  if (!cache) byDialect.set(dialect, (cache = new Map()));
  let entry = cache.get(key);
  if (!entry) {
    const query = build(Array.from({ length: slotCount }, (_, i) => `${SLOT}${i}`)).compile();
    const slots = query.parameters.map((value) => (typeof value === 'string' && value.startsWith(SLOT) ? Number(value.slice(SLOT.length)) : -1));
    entry = { query, slots };
    cache.set(key, entry);
  }
  return entry;
}

async function run<R>(db: Queryable, { query, slots }: Slotted, values: readonly unknown[]): Promise<R[]> {
  const parameters = query.parameters.map((value, i) => (slots[i]! >= 0 ? values[slots[i]!] : value));
  const result = await db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  return result.rows;
}

let queries = 0;

/**
 * A query built and compiled once, then run with new parameter values. Building and compiling a
 * Kysely query costs more than SQLite takes to answer a lookup by key, so the queries on every
 * request's path are compiled once. `build` receives stand-ins for its parameters (marker strings,
 * whatever their declared type), in order, and must use each one exactly as a value.
 */
export function compiledOnce<P extends unknown[], R>(
  build: (db: Queryable, ...params: P) => Compilable<R>,
): (db: Queryable, ...params: P) => Promise<R[]> {
  const key = `query:${++queries}`;
  return (db, ...params) => run<R>(db, slotted(db, key, params.length, (standIns) => build(db, ...(standIns as P))), params);
}

/** Inserts rows of one shape with an insert compiled once per table, shape and row count. */
export async function insertCompiled(db: Queryable, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const key = `insert:${table}:${rows.length}:${columns.join(',')}`;
  const entry = slotted(db, key, rows.length * columns.length, (standIns) =>
    // A generic table name defeats Kysely's typing; the callers' row types keep this safe.
    (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(rows.map((_, r) => Object.fromEntries(columns.map((column, c) => [column, standIns[r * columns.length + c]])))),
  );
  await run(db, entry, rows.flatMap((row) => columns.map((column) => row[column])));
}
