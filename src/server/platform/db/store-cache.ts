import type { Queryable, Store } from './database.js';
import { onCommitted } from './work.js';

// On PostgreSQL other processes may change what is kept; a few seconds of lag is the price of not
// reading rarely changed settings on every request.
const SHARED_STORE_TTL_MS = 5_000;

/**
 * Something read from a few rarely changed tables (settings, SLA policies), kept per store until
 * this process commits a change to one of them, another process commits anything (SQLite's
 * data_version moves), or, on PostgreSQL, a few seconds pass.
 */
export function storeCache<T>(tables: readonly string[], load: (db: Queryable) => Promise<T>): (store: Store, db: Queryable) => Promise<T> {
  const watchedTables = new Set(tables);
  const kept = new WeakMap<Store, { value: T; dataVersion: number | null; loadedAt: number }>();
  const watched = new WeakSet<Store>();
  return async (store, db) => {
    if (!watched.has(store)) {
      watched.add(store);
      onCommitted(store, (changes) => {
        if (changes.some((change) => watchedTables.has(change.entityType))) kept.delete(store);
      });
    }
    const dataVersion = store.dataVersion?.() ?? null;
    const known = kept.get(store);
    if (known && (dataVersion !== null ? known.dataVersion === dataVersion : Date.now() - known.loadedAt < SHARED_STORE_TTL_MS)) return known.value;
    const value = await load(db);
    kept.set(store, { value, dataVersion, loadedAt: Date.now() });
    return value;
  };
}
