import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateCustomer } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../platform/db/work.js';
import { ENGINES, openFreshStore } from '../../../../test/support/stores.js';
import { contactPreferencesView } from '../contact/contact.store.js';
import { createCustomer } from '../customers/customers.store.js';
import { writeDemoContact, type DemoContactCustomer } from './demo-contact.js';

/** A repeatable stand-in for the demo's seeded random source. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe.each(ENGINES)('demo contact preferences on %s', (engine) => {
  let store: Store;
  const customers: DemoContactCustomer[] = [];
  beforeAll(async () => {
    ({ store } = await openFreshStore(engine));
    await inTransaction(store, SYSTEM_ACTOR, async (work) => {
      for (let i = 0; i < 120; i++) {
        const input = CreateCustomer.parse({ name: `Demo ${i}`, email: i % 7 === 0 ? undefined : `demo${i}@example.com`, phone: i % 5 === 0 ? undefined : '+44 20 7946 0000', timezone: 'Europe/London' });
        const customer = await createCustomer(work, input);
        customers.push({ id: customer.id, email: customer.email, phone: customer.phone });
      }
      await writeDemoContact(work, customers, sequence(7), Date.now());
    });
  });
  afterAll(() => store?.close());

  it('gives a share of customers preferences of their own, marketing consent and survey opt-outs, all valid', async () => {
    const views = [];
    for (const customer of customers) views.push(await contactPreferencesView(store.db, customer.id!));
    const withOwn = views.filter((view) => view.updatedAt !== null);
    expect(withOwn.length).toBeGreaterThan(20);
    expect(withOwn.length).toBeLessThan(70);
    expect(withOwn.some((view) => view.preferences.preferredChannel === 'sms' || view.preferences.preferredChannel === 'phone')).toBe(true);
    const marketing = views.filter((view) => view.consent.decisions.some((d) => d.purpose === 'marketing' && d.allowed));
    expect(marketing.length).toBeGreaterThan(10);
    expect(views.some((view) => view.consent.optOuts.includes('survey'))).toBe(true);
    // A preferred channel always reaches the customer.
    for (const view of views) {
      if (view.preferences.preferredChannel) expect(view.reachable[view.preferences.preferredChannel]).toBe(true);
    }
  });
});
