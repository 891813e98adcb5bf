import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/modules/audit/audit.store.js';
import { createCustomer } from '../../src/server/modules/customers/customers.store.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore, type Store } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { ENGINES, openFreshStore } from '../support/stores.js';

const customer = (name: string) => ({ name, timezone: 'UTC', language: 'en', tier: 'standard' as const });

describe.each(ENGINES)('units of work on %s', (engine) => {
  let store: Store;
  let location: StoreLocation;
  beforeAll(async () => {
    ({ store, location } = await openFreshStore(engine));
  });
  afterAll(() => store?.close());

  it('keeps each concurrent unit whole: a failing one leaves nothing, the others all land', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        inTransaction(store, SYSTEM_ACTOR, async (work) => {
          const created = await createCustomer(work, customer(`Concurrent ${i}`));
          if (i % 7 === 3) throw new Error(`unit ${i} fails after writing`);
          return created;
        }),
      ),
    );
    const failed = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([3, 10, 17, 24]);
    const names = (await store.db.selectFrom('customers').select('name').execute()).map((row) => row.name);
    expect(names).toHaveLength(26);
    expect(names).not.toContain('Concurrent 3');
    const audited = await store.db.selectFrom('audit_events').select('entity_id').execute();
    expect(audited).toHaveLength(26);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, checked: 26 });
  });

  it('keeps one unbroken audit chain when another process appends in between', async () => {
    const other = openStore(location);
    for (let i = 0; i < 3; i++) {
      await inTransaction(store, SYSTEM_ACTOR, (work) => createCustomer(work, customer(`Here ${i}`)));
      await inTransaction(other, SYSTEM_ACTOR, (work) => createCustomer(work, customer(`Elsewhere ${i}`)));
    }
    await inTransaction(store, SYSTEM_ACTOR, (work) => createCustomer(work, customer('Here again')));
    await other.close();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('answers a caller only once its work is committed and readable', async () => {
    const created = await inTransaction(store, SYSTEM_ACTOR, (work) => createCustomer(work, customer('Committed')));
    const row = await store.db.selectFrom('customers').select('name').where('id', '=', created.id).executeTakeFirst();
    expect(row?.name).toBe('Committed');
  });
});

describe('the embedded store’s WAL', () => {
  it('is copied back into the database by the background thread, and removed on close', async () => {
    const { store, location } = await openFreshStore('sqlite');
    if (location.engine !== 'sqlite') throw new Error('expected an SQLite store');
    const sizeBefore = fs.statSync(location.file).size;
    await Promise.all(Array.from({ length: 50 }, (_, i) => inTransaction(store, SYSTEM_ACTOR, (work) => createCustomer(work, customer(`Checkpointed ${i}`)))));
    // The serving connection checkpoints only past thousands of pages: a bigger file is the thread's work.
    const deadline = Date.now() + 5_000;
    while (fs.statSync(location.file).size === sizeBefore && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.statSync(location.file).size).toBeGreaterThan(sizeBefore);
    await store.close();
    expect(fs.existsSync(`${location.file}-wal`)).toBe(false);
    const reopened = openStore(location);
    expect(await reopened.db.selectFrom('customers').select('id').execute()).toHaveLength(50);
    expect(await verifyAuditChain(reopened.db)).toMatchObject({ ok: true, checked: 50 });
    await reopened.close();
  });
});
