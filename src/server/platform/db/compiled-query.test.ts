import { describe, expect, it } from 'vitest';
import { openStore } from './database.js';
import { compiledOnce } from './compiled-query.js';
import { migrateToLatest } from './migrate.js';

describe('compiledOnce', () => {
  it('runs the query compiled once with each call’s own parameters, in any position', async () => {
    const store = openStore({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(store.db);
    await store.db
      .insertInto('login_failures')
      .values([
        { id: 'a', email: 'ana@example.com', ip: '10.0.0.1', at: '2026-11-01T00:00:00.000Z' },
        { id: 'b', email: 'ana@example.com', ip: '10.0.0.2', at: '2026-11-02T00:00:00.000Z' },
        { id: 'c', email: 'ben@example.com', ip: '10.0.0.1', at: '2026-11-03T00:00:00.000Z' },
      ])
      .execute();
    const failures = compiledOnce((db, email: string, since: string) =>
      db.selectFrom('login_failures').select('id').where('at', '>', since).where('ip', '<>', '10.9.9.9').where('email', '=', email).orderBy('id'),
    );
    expect(await failures(store.db, 'ana@example.com', '2026-10-01T00:00:00.000Z')).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await failures(store.db, 'ana@example.com', '2026-11-01T12:00:00.000Z')).toEqual([{ id: 'b' }]);
    expect(await failures(store.db, 'ben@example.com', '2026-10-01T00:00:00.000Z')).toEqual([{ id: 'c' }]);
    await store.close();
  });
});
