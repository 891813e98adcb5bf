import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, useWorkspace } from '../support/browser.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

const KETTLE = { sku: 'KET-200', description: 'Stainless kettle 1.7 l', quantity: 1, unitPriceMinor: 4999 };

describe.each(ENGINES)('Feedback on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('shows a manager the top theme, tracks it as an improvement with an owner and due date, and lists it after a reload', async () => {
    const customer = await aCustomer(server, { language: 'en' });
    const concerns: [string, string][] = [
      ['The delivery was late again', 'delivery'],
      ['Late delivery, we took a day off for nothing', 'delivery'],
      ['Very late delivery of the kettle', 'third_party'],
      ['Kettle arrived damaged', 'product_quality'],
      ['Damaged kettle lid', 'product_quality'],
    ];
    for (const [concern, rootCause] of concerns) {
      const order = await anOrder(server, customer.id, { lineItems: [KETTLE] });
      const opened = await aCase(server, customer.id, { transactionId: order.id });
      const recorded = await server.api('PATCH', `/api/cases/${opened.id}/procedure`, { concern, rootCause });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    }

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'manager');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: 'Reports' }).getByRole('link', { name: 'Feedback' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feedback' }).waitFor();
    expect(page.url()).toMatch(/#\/feedback$/);

    const themes = page.getByRole('table', { name: 'Themes' });
    const top = themes.getByRole('row').nth(1);
    await expect.poll(() => top.getByRole('rowheader').textContent()).toContain('late delivery');
    expect(await top.getByRole('cell').first().textContent()).toContain('3');
    expect(await top.getByRole('cell').last().textContent()).toBe('Delivery (2), Third party (1)');

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'late delivery' }) });
    await card.getByText('3 mentions').waitFor();
    await card.getByText('Product: Stainless kettle 1.7 l (KET-200).').waitFor();
    await card.getByRole('button', { name: 'Track as improvement' }).click();
    const form = card.getByRole('form', { name: 'Track late delivery as an improvement' });
    await form.getByLabel('Title').fill('Agree delivery dates with the carrier');
    await form.getByLabel('Owner').selectOption({ label: 'Test supervisor' });
    await form.getByLabel('Due date').fill('2030-03-31');
    await form.getByRole('button', { name: 'Track' }).click();
    await card.getByText('Tracked as an improvement.').waitFor();

    await page.reload();
    const improvements = page.getByRole('table', { name: 'Improvements' });
    const row = improvements.getByRole('row').filter({ hasText: 'Agree delivery dates with the carrier' });
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toContain('Theme: late delivery');
    expect(await row.getByLabel('Owner of Agree delivery dates with the carrier').inputValue()).toBe(server.users.supervisor.id);
    expect(await row.getByLabel('Status of Agree delivery dates with the carrier').inputValue()).toBe('open');
    expect(await row.getByLabel('Due date of Agree delivery dates with the carrier').inputValue()).toBe('2030-03-31');
    expect(await row.getByText('Overdue').count()).toBe(0);
    await page.close();
  });
});
