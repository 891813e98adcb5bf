import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { signIn, useWorkspace } from '../support/browser.js';
import { ago, confirmedThenClosed, DataSet, plus, unreachableThenClosed } from '../support/loyalty-data-set.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

describe.each(ENGINES)('The loyalty page on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('shows a manager followed-up against not followed-up customers with counts, then 90 days, then the journey map', async () => {
    // Closed 200 days ago: two followed up (bought again after 10 and 60 days), one not (after 100).
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const data = new DataSet(work);
      const closedAt = ago(200);
      for (const days of [10, 60]) {
        const customer = await data.customer(`Followed ${days}`);
        const caseId = await data.case(customer, ago(210), confirmedThenClosed(closedAt), { rootCause: 'delivery' });
        await data.followUp(customer, caseId, 'done', plus(closedAt, -1));
        await data.order(customer, plus(closedAt, days));
      }
      const customer = await data.customer('Not followed');
      await data.order(customer, ago(230), { deliveredAt: ago(228) });
      await data.case(customer, ago(210), unreachableThenClosed(closedAt), { rootCause: 'delivery' });
      await data.order(customer, plus(closedAt, 100));
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'manager');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: 'Reports' }).getByRole('link', { name: 'Loyalty' }).click();
    await page.getByRole('heading', { level: 1, name: 'Loyalty' }).waitFor();
    expect(page.url()).toMatch(/#\/reports\/loyalty$/);
    await page.getByText('Repeat purchase rate (N days): share of customers whose case was closed in the period').waitFor();

    const followUps = page.getByRole('table', { name: 'Followed up or not' });
    const row = (name: string) => followUps.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
    // Customers, bought again, rate: within 30 days only the 10-day buyer.
    await expect.poll(() => row('Followed up').allInnerTexts()).toEqual(['2', '1', '50.0 %', expect.stringMatching(/–/), '10 d', '0']);
    expect((await row('Not followed up').allInnerTexts()).slice(0, 3)).toEqual(['1', '0', '0.0 %']);

    await page.getByRole('tab', { name: '90 days' }).click();
    expect(page.url()).toContain('days=90');
    await expect.poll(() => row('Followed up').allInnerTexts().then((cells) => cells.slice(0, 3))).toEqual(['2', '2', '100.0 %']);
    expect((await row('Not followed up').allInnerTexts()).slice(0, 3)).toEqual(['1', '0', '0.0 %']);
    await page.getByRole('figure', { name: 'Followed up or not: bought again within 90 days' }).waitFor();

    await page.getByRole('tab', { name: 'Journey map' }).click();
    await page.getByRole('figure', { name: 'Journey stages' }).waitFor();
    const stages = page.getByRole('table', { name: 'Journey stages' });
    // All three bought within the last 365 days; the complaint came after the first one's delivery.
    await expect.poll(() => stages.getByRole('row', { name: /^Purchase/ }).getByRole('cell').first().innerText()).toBe('3');
    const clusters = page.getByRole('table', { name: 'Where complaints and low scores cluster' });
    await expect.poll(() => clusters.getByRole('row').filter({ hasText: 'Delivery' }).first().getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Complaint']));
    await page.close();
  });
});
