import { describe, expect, it } from 'vitest';
import { openStore, type Queryable } from './database.js';
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

  it('runs on a group commit’s connection while it is open, and is refused by the transaction once it has ended', async () => {
    const store = openStore({ engine: 'sqlite', file: ':memory:' });
    await migrateToLatest(store.db);
    const counter = compiledOnce((db, name: string) => db.selectFrom('counters').select('value').where('name', '=', name));
    let ended: Queryable | null = null;
    const inside = await store.transact(async (tx) => {
      ended = tx;
      await tx.updateTable('counters').set({ value: 41 }).where('name', '=', 'audit_seq').execute();
      return counter(tx, 'audit_seq');
    });
    expect(inside).toEqual([{ value: 41 }]);
    await expect(counter(ended!, 'audit_seq')).rejects.toThrow(/committed/);
    await store.close();
  });
});
