import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/server/modules/analytics/loyalty.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { ago, confirmedThenClosed, DataSet, plus, unreachableThenClosed } from '../support/loyalty-data-set.js';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Figures = { group: string; customers: number; repeaters: number; rate: number | null; interval: { low: number; high: number } | null; medianDaysToNextPurchase: number | null; stillOpen: number };
type Window = { days: number; all: Figures; splits: Record<'follow_up' | 'confirmation' | 'csat', Figures[]> };
const counts = (figures: Figures[]) => Object.fromEntries(figures.map((f) => [f.group, [f.repeaters, f.customers, f.stillOpen]]));

describe.each(ENGINES)('Loyalty link and journey map on %s', (engine) => {
  let server: TestServer;
  const PERIOD = `from=${ago(300)}&to=${ago(100)}`;
  const JOURNEY = `from=${ago(60)}&to=${ago(30)}`;

  beforeAll(async () => {
    server = await startTestServer(engine);
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const data = new DataSet(work);
      // The loyalty set: cases closed between 300 and 100 days ago.
      const closed200 = ago(200);
      // 1: followed up (done), confirmed, CSAT 5, bought again after 10 days; an earlier case closed in the period counts no more.
      const c1 = await data.customer('One');
      await data.case(c1, ago(260), unreachableThenClosed(ago(250)));
      const c1Case = await data.case(c1, ago(210), confirmedThenClosed(closed200));
      await data.followUp(c1, c1Case, 'done', plus(closed200, -1));
      await data.answer(c1, c1Case, plus(closed200, 1), { csat: 5, nps: 9 });
      await data.order(c1, plus(closed200, 10));
      // 2: followed up (sent), confirmed, CSAT 4 after an older 1, bought after 60 days; a query case.
      const c2 = await data.customer('Two');
      const c2Case = await data.case(c2, ago(210), confirmedThenClosed(closed200), { kind: 'query' });
      await data.followUp(c2, c2Case, 'sent', plus(closed200, -1));
      await data.answer(c2, c2Case, plus(closed200, 1), { csat: 1 });
      await data.answer(c2, c2Case, plus(closed200, 2), { csat: 4 });
      await data.order(c2, plus(closed200, 60));
      // 3: a cancelled follow-up does not count; unreachable; CSAT 2; an order before closing does not count; bought after 100 days.
      const c3 = await data.customer('Three');
      const c3Case = await data.case(c3, ago(210), unreachableThenClosed(closed200));
      await data.followUp(c3, c3Case, 'cancelled', plus(closed200, -1));
      await data.answer(c3, c3Case, plus(closed200, 1), { csat: 2 });
      await data.order(c3, plus(closed200, -5));
      await data.order(c3, plus(closed200, 100));
      // 4: unreachable but later confirmed by an inbound contact; no answer; only a cancelled order after.
      const c4 = await data.customer('Four');
      const c4Case = await data.case(c4, ago(210), unreachableThenClosed(closed200));
      await data.resolutionConfirmedContact(c4Case, c4, plus(closed200, -1));
      await data.order(c4, plus(closed200, 5), { status: 'cancelled' });
      // 5: closed 120 days ago, so its 180 days are still open: followed up, confirmed, CSAT 3, bought after 20 days.
      const c5 = await data.customer('Five');
      const c5Case = await data.case(c5, ago(130), confirmedThenClosed(ago(120)));
      await data.followUp(c5, c5Case, 'done', ago(121));
      await data.answer(c5, c5Case, ago(119), { csat: 3 });
      await data.order(c5, plus(ago(120), 20));
      // Not counted: a case closed in the period but reopened since, one closed before the period, one still open.
      const c6 = await data.customer('Six');
      await data.case(c6, ago(210), [...confirmedThenClosed(ago(200)), ['reopen', 'investigating', ago(190)]]);
      await data.case(c6, ago(330), confirmedThenClosed(ago(320)));
      await data.case(c6, ago(210), [['acknowledge', 'acknowledged', ago(209)]]);

      // The journey set: purchases between 60 and 30 days ago.
      const bought = ago(50);
      const j1 = await data.customer('Journey one');
      await data.order(j1, ago(150));
      await data.order(j1, bought, { deliveredAt: plus(bought, 2) });
      const j1Case = await data.case(j1, plus(bought, 3), [['start_investigation', 'investigating', plus(bought, 3)], ['await_customer', 'awaiting_customer', plus(bought, 4)], ['customer_confirmed', 'resolved', plus(bought, 5)]], { rootCause: 'delivery' });
      await data.followUp(j1, j1Case, 'done', plus(bought, 6));
      await data.answer(j1, j1Case, plus(bought, 7), { csat: 1, nps: 3 });
      await data.order(j1, plus(bought, 20));
      const j2 = await data.customer('Journey two');
      await data.order(j2, bought, { deliveredAt: plus(bought, 1) });
      const j3 = await data.customer('Journey three');
      await data.order(j3, bought);
      await data.case(j3, plus(bought, 1), [], { rootCause: 'product_quality' });
      const j4 = await data.customer('Journey four');
      await data.order(j4, bought, { status: 'cancelled' });
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  const loyalty = async (query: string) => {
    const response = await server.api('GET', `/api/analytics/loyalty?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { customers: number; windows: Window[] };
  };

  it('compares repeat purchases of followed-up customers with the rest in each window, with counts, intervals and medians', async () => {
    const report = await loyalty(PERIOD);
    expect(report.customers).toBe(5);
    const [d30, d90, d180] = report.windows;
    expect(report.windows.map((w) => w.days)).toEqual([30, 90, 180]);

    // [repeaters, customers, still open]
    expect(counts(d30!.splits.follow_up)).toEqual({ followed_up: [2, 3, 0], not_followed_up: [0, 2, 0] });
    expect(counts(d90!.splits.follow_up)).toEqual({ followed_up: [3, 3, 0], not_followed_up: [0, 2, 0] });
    expect(counts(d180!.splits.follow_up)).toEqual({ followed_up: [2, 2, 1], not_followed_up: [1, 2, 0] });
    expect([d30!.all.repeaters, d30!.all.customers, d90!.all.repeaters, d180!.all.repeaters, d180!.all.customers, d180!.all.stillOpen]).toEqual([2, 5, 3, 3, 4, 1]);

    const followed90 = d90!.splits.follow_up.find((f) => f.group === 'followed_up')!;
    expect(followed90.rate).toBe(1);
    expect(followed90.interval!.low).toBeCloseTo(0.4385, 4);
    expect(followed90.interval!.high).toBe(1);
    const notFollowed30 = d30!.splits.follow_up.find((f) => f.group === 'not_followed_up')!;
    expect(notFollowed30).toMatchObject({ rate: 0, medianDaysToNextPurchase: null });
    expect(notFollowed30.interval!.high).toBeCloseTo(wilsonInterval(0, 2)!.high, 12);
    expect(d30!.splits.follow_up.find((f) => f.group === 'followed_up')!.medianDaysToNextPurchase).toBeCloseTo(15, 6);
    expect(d180!.all.medianDaysToNextPurchase).toBeCloseTo(60, 6);
  });

  it('splits by confirmation of the resolution and by the latest CSAT band', async () => {
    const [, , d180] = (await loyalty(PERIOD)).windows;
    expect(counts(d180!.splits.confirmation)).toEqual({ confirmed: [2, 3, 1], not_confirmed: [1, 1, 0] });
    expect(counts(d180!.splits.csat)).toEqual({ csat_4_5: [2, 2, 0], csat_3: [0, 0, 1], csat_1_2: [1, 1, 0], csat_none: [0, 1, 0] });
    expect(d180!.splits.csat.find((f) => f.group === 'csat_3')).toMatchObject({ rate: null, interval: null });
  });

  it('filters by the kind of case, and has no customer in a period without closings', async () => {
    const complaints = await loyalty(`${PERIOD}&kind=complaint`);
    expect(complaints.customers).toBe(4);
    expect(counts(complaints.windows[1]!.splits.follow_up)).toEqual({ followed_up: [2, 2, 0], not_followed_up: [0, 2, 0] });
    const emailed = await loyalty(`${PERIOD}&channel=email`);
    expect(emailed.customers).toBe(5);
    const quiet = await loyalty(`from=${ago(20)}&to=${ago(10)}`);
    expect(quiet.customers).toBe(0);
    expect(quiet.windows[0]!.all).toMatchObject({ customers: 0, rate: null, interval: null });
  });

  it('maps the journey of customers who bought in the period: stages, drop-off and where complaints and low scores fall', async () => {
    const response = await server.api('GET', `/api/analytics/journey-map?${JOURNEY}`, undefined, { as: 'manager' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const map = response.body as { stages: { stage: string; customers: number; fromPrevious: number; dropOff: number }[]; clusters: unknown[] };
    expect(map.stages.map((s) => [s.stage, s.customers, s.fromPrevious, s.dropOff])).toEqual([
      ['purchase', 3, 3, 0],
      ['delivery', 2, 2, 1],
      ['first_contact', 2, 1, 1],
      ['complaint', 2, 2, 0],
      ['resolution', 1, 1, 1],
      ['follow_up', 1, 1, 0],
      ['survey', 1, 1, 0],
      ['next_purchase', 1, 1, 0],
    ]);
    expect(map.clusters).toEqual([
      { stage: 'follow_up', kind: 'complaint', rootCause: 'delivery', complaints: 0, lowCsat: 1, lowNps: 1 },
      { stage: 'purchase', kind: 'complaint', rootCause: 'product_quality', complaints: 1, lowCsat: 0, lowNps: 0 },
      { stage: 'delivery', kind: 'complaint', rootCause: 'delivery', complaints: 1, lowCsat: 0, lowNps: 0 },
    ]);
  });

  it('refuses bad input naming the field, and callers without a key', async () => {
    for (const [path, field] of [
      [`/api/analytics/loyalty?${PERIOD}&channel=fax`, 'channel'],
      [`/api/analytics/loyalty?${PERIOD}&kind=gripe`, 'kind'],
      ['/api/analytics/loyalty?from=yesterday', 'from'],
      [`/api/analytics/loyalty?from=${ago(10)}&to=${ago(20)}`, 'from'],
      [`/api/analytics/journey-map?to=${ago(30)}&from=${ago(20)}`, 'from'],
      ['/api/analytics/journey-map?to=soon', 'to'],
    ] as const) {
      const response = await server.api('GET', path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.details.map((d: { field: string }) => d.field), path).toContain(field);
    }
    expect((await server.api('GET', '/api/analytics/loyalty', undefined, { as: null })).status).toBe(401);
  });
});
