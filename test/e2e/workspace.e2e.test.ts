import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** What a `datetime-local` input takes: local wall time to the minute, as the agent would type it. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe.each(ENGINES)('the agent workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('signs in, opens a case from the inbox and logs a phone call on its timeline', async () => {
    const customer = await aCustomer(server, { name: 'Chloé Martin' });
    const order = await anOrder(server, customer.id);
    const opened = await aCase(server, customer.id, { subject: 'Blender jug arrived cracked', transactionId: order.id });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server);

    await page.getByRole('link', { name: 'Blender jug arrived cracked' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blender jug arrived cracked' }).waitFor();
    expect(page.url()).toContain(`#/cases/${opened.id}`);
    await page.getByRole('region', { name: 'Purchase' }).getByText(order.externalId, { exact: true }).waitFor();

    // The call happened two hours ago and is logged now: the timeline keeps both times.
    const callTime = new Date(Date.now() - 2 * 3600_000);
    const summary = `Customer called: the jug is cracked along the handle (${engine})`;
    await page.getByLabel('Channel').selectOption({ label: 'Phone' });
    await page.getByLabel('Direction').selectOption({ label: 'Inbound' });
    await page.getByLabel('When it happened').fill(localInputValue(callTime));
    await page.getByLabel('Message').fill(summary);
    await page.getByRole('button', { name: 'Add to timeline' }).click();

    const entry = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').filter({ hasText: summary });
    await entry.waitFor();
    const shown = await entry.textContent();
    expect(shown).toContain('Phone');
    expect(shown).toContain('Inbound');
    expect(shown).toMatch(/later/);
    expect(await page.getByLabel('Message').inputValue()).toBe('');

    const stored = await server.api('GET', `/api/cases/${opened.id}`);
    const call = stored.body.interactions.find((interaction: { body: string }) => interaction.body === summary);
    expect(call).toMatchObject({ channel: 'phone', direction: 'inbound', authorName: 'Test agent' });
    expect(Math.abs(Date.parse(call.occurredAt) - callTime.getTime())).toBeLessThan(60_000);

    await page.reload();
    await entry.waitFor();
    await page.close();
  });

  it('moves through the inbox and into the composer with the keyboard alone', async () => {
    const customer = await aCustomer(server);
    const newest = await aCase(server, customer.id, { subject: 'Kettle switch sticks' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server);

    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('?');
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'Kettle switch sticks' }).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Kettle switch sticks' }).waitFor();
    expect(page.url()).toContain(`#/cases/${newest.id}`);

    await page.keyboard.press('c');
    const message = page.getByLabel('Message');
    expect(await page.locator(':focus').getAttribute('id')).toBe(await message.getAttribute('id'));
    await page.close();
  });
});
