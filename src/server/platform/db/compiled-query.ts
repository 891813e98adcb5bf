import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Queryable } from './database.js';

const SLOT = '\u0000aftercare-slot-';

interface Slotted {
  query: CompiledQuery;
  /** For each parameter of the compiled query, the index of the value that fills it, or -1. */
  slots: number[];
  /** The values are the parameters, in order (every insert): nothing to rearrange. */
  inOrder: boolean;
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
    entry = { query, slots, inOrder: slots.length === slotCount && slots.every((slot, i) => slot === i) };
    cache.set(key, entry);
  }
  return entry;
}

/** Runs SQL on the connection a transaction holds, at once: the rows a reader returns, [] otherwise. */
export type DirectExecution = (sql: string, parameters: readonly unknown[]) => unknown[];

const directly = new WeakMap<Queryable, DirectExecution>();

/**
 * Lets the compiled queries of an open transaction skip Kysely's executor, which allocates and
 * chains a handful of promises per query to take a connection the transaction already holds. Only
 * for a synchronous driver (better-sqlite3), and only while the transaction is open: `end` it
 * before commit or rollback, and any later query goes through Kysely and its checks again.
 */
export function executeDirectly(tx: Queryable, execute: DirectExecution): { end(): void } {
  directly.set(tx, execute);
  return { end: () => directly.delete(tx) };
}

async function run<R>(db: Queryable, { query, slots, inOrder }: Slotted, values: readonly unknown[]): Promise<R[]> {
  const parameters = inOrder ? values : query.parameters.map((value, i) => (slots[i]! >= 0 ? values[slots[i]!] : value));
  const direct = directly.get(db);
  if (direct) return direct(query.sql, parameters) as R[];
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

// Per table and row count, the column lists seen so far with their compiled inserts: looked up by
// comparing the row's keys, not by building a key string from them for every insert.
const insertShapes = new Map<string, Map<number, { columns: string[]; key: string }[]>>();

function insertShape(table: string, count: number, columns: string[]): string {
  let byCount = insertShapes.get(table);
  if (!byCount) insertShapes.set(table, (byCount = new Map()));
  let shapes = byCount.get(count);
  if (!shapes) byCount.set(count, (shapes = []));
  const known = shapes.find((shape) => shape.columns.length === columns.length && shape.columns.every((column, i) => column === columns[i]));
  if (known) return known.key;
  const key = `insert:${table}:${count}:${columns.join(',')}`;
  shapes.push({ columns, key });
  return key;
}

/** Inserts rows of one shape with an insert compiled once per table, shape and row count. */
export async function insertCompiled(db: Queryable, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const columns = Object.keys(rows[0]!);
  const entry = slotted(db, insertShape(table, rows.length, columns), rows.length * columns.length, (standIns) =>
    // A generic table name defeats Kysely's typing; the callers' row types keep this safe.
    (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(rows.map((_, r) => Object.fromEntries(columns.map((column, c) => [column, standIns[r * columns.length + c]])))),
  );
  const values = new Array<unknown>(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const column of columns) values[i++] = row[column];
  await run(db, entry, values);
}
