import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

// Debian's Chromium, headless; never a downloaded browser.
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--no-first-run',
  ],
};

const BUILT_UI = path.resolve('dist/web/index.html');

/** What a `datetime-local` input takes: local wall time to the minute, as the agent would type it. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function signIn(page: Page, server: TestServer): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Email').fill(server.users.agent.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
}

describe.each(ENGINES)('the agent workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_UI)) throw new Error(`${BUILT_UI} is missing: run \`npm run build\` first (npm test does)`);
    server = await startTestServer(engine);
    browser = await chromium.launch(CHROMIUM);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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
