import type { Compilable, CompiledQuery } from 'kysely';
import type { Queryable } from './database.js';

const SLOT = '\u0000aftercare-slot-';

/**
 * A query built and compiled once per database, then run with new parameter values. Building and
 * compiling a Kysely query costs more than SQLite takes to answer a lookup by key, so the queries
 * on every request's path are compiled once. `build` receives stand-ins for its parameters, in
 * order, and must use each one exactly as a value.
 */
export function compiledOnce<P extends string[], R>(
  build: (db: Queryable, ...params: P) => Compilable<R>,
): (db: Queryable, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<Queryable, { query: CompiledQuery<R>; slots: number[] }>();
  return async (db, ...params) => {
    let entry = compiled.get(db);
    if (!entry) {
      const standIns = params.map((_, i) => `${SLOT}${i}`) as P;
      const query = build(db, ...standIns).compile();
      const slots = query.parameters.map((value) => (typeof value === 'string' && value.startsWith(SLOT) ? Number(value.slice(SLOT.length)) : -1));
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    const parameters = query.parameters.map((value, i) => (slots[i]! >= 0 ? params[slots[i]!] : value));
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
