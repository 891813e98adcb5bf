import fs from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { signIn, useWorkspace } from '../support/browser.js';
import { aCustomer } from '../support/factories.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';
import { insertSurveyAnswer } from '../support/store-rows.js';

const DAY_MS = 86_400_000;

describe.each(ENGINES)('the dashboard on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  /** Survey answers as the survey page records them, `daysAgo` days ago. */
  async function answers(customerId: string, scores: { csat: number; nps: number; daysAgo: number }[]) {
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      for (const score of scores) {
        await insertSurveyAnswer(work, { customerId, at: new Date(Date.now() - score.daysAgo * DAY_MS).toISOString(), csat: score.csat, nps: score.nps });
      }
    });
  }

  it('shows a manager CSAT and NPS from the answers with their definitions, over the period chosen, and downloads a chart as CSV', async () => {
    const customer = await aCustomer(server, { language: 'en' });
    // Last 30 days: CSAT 2 of 3 (5, 4, 1); NPS 2 promoters, 1 detractor of 3 → +33.3.
    // Last 90 days adds a 2 and a 0: CSAT 2 of 4 = 50 %; NPS (2 − 2) / 4 = 0.
    await answers(customer.id, [
      { csat: 5, nps: 10, daysAgo: 2 },
      { csat: 4, nps: 9, daysAgo: 3 },
      { csat: 1, nps: 2, daysAgo: 10 },
      { csat: 2, nps: 0, daysAgo: 60 },
    ]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await signIn(page, server, 'manager');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: 'Reports' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    const tiles = page.getByRole('list', { name: 'KPIs' });
    const csat = tiles.getByRole('listitem', { name: 'CSAT' });
    const nps = tiles.getByRole('listitem', { name: 'NPS' });
    await csat.getByText('66.7 %').waitFor();
    await csat.getByText('2 of 3 answers scored 4–5').waitFor();
    await nps.getByText('+33.3').waitFor();
    await nps.getByText('3 answers: 2 promoters, 0 passives, 1 detractors').waitFor();

    // The definition is shown on demand.
    const definition = csat.getByText('Share of CSAT answers scoring 4 or 5 on the 1–5 scale');
    expect(await definition.isVisible()).toBe(false);
    await csat.getByRole('button', { name: 'How CSAT is defined' }).click();
    await definition.waitFor();
    expect(await csat.getByRole('button', { name: 'How CSAT is defined' }).getAttribute('aria-expanded')).toBe('true');

    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Last 90 days' });
    await csat.getByText('50 %').waitFor();
    await csat.getByText('2 of 4 answers scored 4–5').waitFor();
    await nps.getByText('4 answers: 2 promoters, 0 passives, 2 detractors').waitFor();
    expect(page.url()).toContain('period=90');

    // The CSAT and NPS chart, as CSV: a row per week with the plotted values and how many answers each counts.
    const chart = page.getByRole('figure', { name: 'CSAT and NPS' });
    await chart.locator('svg').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: 'Download CSV: CSAT and NPS' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^csat-nps-by-week-.*\.csv$/);
    const csv = (await fs.readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [heading, ...rows] = csv.trim().split('\r\n');
    expect(heading).toBe('Start,End,CSAT (%),CSAT: counted,NPS (NPS (−100 to 100)),NPS: counted');
    expect(rows.length).toBeGreaterThanOrEqual(13);
    const counted = rows.map((row) => row.split(','));
    expect(counted.reduce((sum, cells) => sum + Number(cells[3]), 0)).toBe(4);
    expect(counted.some((cells) => cells[2] === '100' && cells[5] !== '0')).toBe(true);
    await page.close();
  });
});
