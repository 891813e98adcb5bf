import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CASE_KINDS, CASE_STATUSES } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../platform/db/work.js';
import { passwordMatches } from '../access/secrets.js';
import { findUserByEmail } from '../access/users.store.js';
import { verifyAuditChain } from '../audit/audit.store.js';
import { createCustomer } from '../customers/customers.store.js';
import { ENGINES, openFreshStore } from '../../../../test/support/stores.js';
import { DEMO_PASSWORD, seedDemo } from './demo-data.js';

const opened: Store[] = [];

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

describe.each(ENGINES)('demo data on %s', (engine) => {
  async function emptyStore(): Promise<Store> {
    const { store } = await openFreshStore(engine);
    opened.push(store);
    return store;
  }

  let store: Store;
  let logins: Awaited<ReturnType<typeof seedDemo>>['logins'];
  let seededBy: number;

  beforeAll(async () => {
    store = await emptyStore();
    ({ logins } = await seedDemo(store, { customers: 60 }));
    seededBy = Date.now();
  });

  it('signs the demo agent in with the published password, and has a sign-in for every role', async () => {
    expect(logins).toContainEqual({ email: 'agent@demo.aftercare.local', password: DEMO_PASSWORD, role: 'agent' });
    expect(new Set(logins.map((login) => login.role))).toEqual(new Set(['agent', 'supervisor', 'manager', 'admin', 'auditor']));
    const agent = await findUserByEmail(store.db, 'agent@demo.aftercare.local');
    expect(agent).toMatchObject({ role: 'agent', active: 1 });
    expect(await passwordMatches(agent!.password_hash, 'aftercare-demo')).toBe(true);
  });

  it('has the customers asked for, each with one to three orders', async () => {
    const customers = await store.db.selectFrom('customers').select(['id', 'external_ref']).execute();
    expect(customers).toHaveLength(60);
    expect(customers.map((customer) => customer.external_ref)).toContain('CRM-00001');
    const orders = await store.db.selectFrom('transactions').select('customer_id').execute();
    const perCustomer = new Map<string, number>();
    for (const order of orders) perCustomer.set(order.customer_id, (perCustomer.get(order.customer_id) ?? 0) + 1);
    expect(perCustomer.size).toBe(60);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(3);
  });

  it('dates orders consistently: delivered ones have a delivery, none after now', async () => {
    const orders = await store.db.selectFrom('transactions').selectAll().execute();
    for (const order of orders) {
      expect(Date.parse(order.purchased_at)).toBeLessThanOrEqual(seededBy);
      if (['delivered', 'returned', 'refunded'].includes(order.status)) {
        expect(order.delivered_at, `${order.external_id} is ${order.status}`).not.toBeNull();
        expect(order.delivered_at! >= order.purchased_at).toBe(true);
        expect(Date.parse(order.delivered_at!)).toBeLessThanOrEqual(seededBy);
      } else {
        expect(order.delivered_at, `${order.external_id} is ${order.status}`).toBeNull();
      }
    }
  });

  it('shows a case of every kind in every status', async () => {
    const combinations = await store.db.selectFrom('cases').select(['kind', 'status']).distinct().execute();
    const seen = new Set(combinations.map((row) => `${row.kind}/${row.status}`));
    for (const kind of CASE_KINDS) for (const status of CASE_STATUSES) expect(seen, `${kind}/${status}`).toContain(`${kind}/${status}`);
  });

  it('links cases only to their own customer’s orders, opened after the purchase', async () => {
    const linked = await store.db
      .selectFrom('cases')
      .innerJoin('transactions', 'transactions.id', 'cases.transaction_id')
      .select(['cases.number', 'cases.customer_id', 'cases.opened_at', 'transactions.customer_id as order_customer_id', 'transactions.purchased_at'])
      .execute();
    expect(linked.length).toBeGreaterThan(0);
    for (const row of linked) {
      expect(row.order_customer_id, row.number).toBe(row.customer_id);
      expect(row.opened_at > row.purchased_at, row.number).toBe(true);
    }
  });

  it('gives every case a timeline that starts when it opened and never runs into the future', async () => {
    const cases = await store.db.selectFrom('cases').select(['id', 'number', 'customer_id', 'opened_at', 'created_at']).execute();
    const interactions = await store.db.selectFrom('interactions').selectAll().orderBy('occurred_at').execute();
    for (const c of cases) {
      const timeline = interactions.filter((interaction) => interaction.case_id === c.id);
      expect(timeline.length, c.number).toBeGreaterThanOrEqual(1);
      expect(timeline.length, c.number).toBeLessThanOrEqual(6);
      expect(timeline[0]!.occurred_at, c.number).toBe(c.opened_at);
      expect(timeline[0]!.logged_at, `${c.number} exists once its first contact is logged`).toBe(c.created_at);
      for (const later of timeline.slice(1)) expect(later.occurred_at > c.created_at, c.number).toBe(true);
      for (const interaction of timeline) {
        expect(interaction.customer_id).toBe(c.customer_id);
        expect(interaction.occurred_at >= c.opened_at, c.number).toBe(true);
        expect(interaction.logged_at >= interaction.occurred_at, c.number).toBe(true);
        expect(Date.parse(interaction.logged_at), c.number).toBeLessThanOrEqual(seededBy);
        expect(interaction.body, c.number).not.toMatch(/[{}]/);
      }
    }
  });

  it('numbers cases in the order they were logged, carrying on from the case counter', async () => {
    const cases = await store.db.selectFrom('cases').select(['id', 'number', 'created_at']).orderBy('id').execute();
    expect(cases.map((c) => c.number)).toEqual(cases.map((_, index) => `C-${1001 + index}`));
    const counter = await store.db.selectFrom('counters').select('value').where('name', '=', 'case_number').executeTakeFirstOrThrow();
    expect(Number(counter.value)).toBe(1000 + cases.length);
  });

  it('records every row in an intact audit chain', async () => {
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    const interactions = await store.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const audited = await store.db
      .selectFrom('audit_events')
      .where('entity_type', '=', 'interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(Number(interactions.n));
  });

  it('refuses a store that already has users', async () => {
    await expect(seedDemo(store, { customers: 60 })).rejects.toThrow(/empty store only.*users/);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('refuses a store with imported customers but no users yet, before writing anything', async () => {
    const imported = await emptyStore();
    try {
      await inTransaction(imported, SYSTEM_ACTOR, (work) =>
        createCustomer(work, { name: 'Jane Doe', timezone: 'Europe/London', language: 'en', tier: 'standard', externalRef: 'CRM-00001' }),
      );
      await expect(seedDemo(imported, { customers: 60 })).rejects.toThrow(/empty store only.*customers/);
      expect(await imported.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await imported.close();
    }
  });

  it('gives the same desk for the same seed on any day, with only the dates moved', async () => {
    const again = await emptyStore();
    try {
      // A Saturday night, so desk hours move different steps than on a weekday.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-03-14T23:30:00Z'));
      try {
        await seedDemo(again, { customers: 60 });
      } finally {
        vi.useRealTimers();
      }
      const desk = async (db: Store['db']) => {
        const cases = await db
          .selectFrom('cases')
          .innerJoin('customers', 'customers.id', 'cases.customer_id')
          .select(['customers.external_ref', 'cases.kind', 'cases.status', 'cases.priority', 'cases.channel', 'cases.subject'])
          .execute();
        return cases.map((c) => Object.values(c).join(' | ')).sort();
      };
      expect(await desk(again.db)).toEqual(await desk(store.db));
    } finally {
      await again.close();
    }
  });
});
