import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCase, aCustomer } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import { transition } from '../support/complaints.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** A fixed-offset zone in which it is about noon now, outside any customer's default quiet hours. */
function middayZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Now as a `datetime-local` input holds it, on this machine's clock (which the browser shares). */
function nowForInput(): string {
  const date = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A view in the rail by its label; its accessible name ends with its count once the counts have loaded. */
function railLink(page: Page, group: string, name: string) {
  return page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: group }).getByRole('link', { name: new RegExp(`^${name}\\s*(\\d+\\+?)?$`) });
}

describe.each(ENGINES)('follow-ups in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('schedules a call from the case seeing the proposed channel and time, then records its outcome from the Follow-ups page', async () => {
    const customer = await aCustomer(server, { name: 'Elena Conti', timezone: middayZone() });
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Toaster crumb tray stuck', assigneeId: server.users.agent.id });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'agent');
    await page.goto(`${server.url}#/cases/${opened.id}`);
    const panel = page.getByRole('complementary', { name: 'Case context' });
    await panel.getByRole('button', { name: 'Schedule follow-up' }).click();
    const form = panel.getByRole('form', { name: 'Schedule a follow-up' });
    await form.getByLabel('Purpose').selectOption('confirm_resolution');
    // By preference first (email, as the customer has an address), then by phone as the agent picks it.
    await form.getByRole('status').filter({ hasText: 'Proposed: Email' }).waitFor();
    await form.getByLabel('Channel').selectOption('phone');
    await form.getByLabel('Follow up on').fill(nowForInput());
    await form.getByRole('status').filter({ hasText: 'Proposed: Phone' }).waitFor();
    expect(await form.getByRole('status').textContent()).toContain(`for the customer, ${customer.timezone}`);
    await form.getByRole('button', { name: 'Schedule', exact: true }).click();
    await panel.getByRole('status').filter({ hasText: 'Confirm resolution scheduled for' }).waitFor();
    await panel.getByRole('list', { name: 'Follow-ups of this case' }).getByText('Scheduled').waitFor();

    // Its slot comes: the worker makes it a call task for the case's assignee.
    await server.worker.runDueJobs();
    await page.reload();
    // The rail counts the agent's call: one.
    await railLink(page, 'Follow-ups', 'My call tasks').filter({ hasText: /1$/ }).waitFor();
    await railLink(page, 'Follow-ups', 'My call tasks').click();
    await page.getByRole('heading', { level: 1, name: 'Call tasks' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Elena Conti' });
    await row.getByRole('button', { name: 'Record outcome' }).click();
    const outcome = page.getByRole('form', { name: 'Outcome of the call to Elena Conti' });
    await outcome.getByLabel('Outcome').selectOption('satisfied');
    // Without a summary the server names what is missing.
    await outcome.getByLabel('Call summary').evaluate((element) => element.removeAttribute('required'));
    await outcome.getByRole('button', { name: 'Record outcome' }).click();
    await outcome.getByText('is required for a phone call').waitFor();
    await outcome.getByLabel('Call summary').fill('The tray slides out now; she is happy with the fix.');
    await outcome.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByRole('status').filter({ hasText: 'Outcome recorded for Elena Conti' }).waitFor();
    await page.getByText('No calls to make').waitFor();

    const detail = (await server.api('GET', `/api/cases/${opened.id}`)).body;
    expect(detail.status).toBe('resolved');
    expect(detail.interactions.at(-1)).toMatchObject({ channel: 'phone', direction: 'inbound', marks: ['resolution_confirmed'], authorName: 'Test agent' });
    await page.close();
  });

  it('shows an auditor the follow-ups and their outcome without offering to schedule, record or retry', async () => {
    const customer = await aCustomer(server, { name: 'Paolo Greco', timezone: middayZone() });
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Kettle filter rattles' });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');
    await server.api('POST', `/api/cases/${opened.id}/follow-ups`, { purpose: 'confirm_resolution', dueAt: new Date().toISOString(), channel: 'phone' });
    await server.worker.runDueJobs();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'auditor');
    await page.goto(`${server.url}#/cases/${opened.id}`);
    const followUps = page.getByRole('complementary', { name: 'Case context' }).getByRole('list', { name: 'Follow-ups of this case' });
    await followUps.getByText('Confirm resolution').waitFor();
    expect(await page.getByRole('button', { name: 'Schedule follow-up' }).count()).toBe(0);
    expect(await followUps.getByRole('button').count()).toBe(0);

    await page.goto(`${server.url}#/follow-ups?view=calls`);
    await page.getByRole('row').filter({ hasText: 'Paolo Greco' }).waitFor();
    expect(await page.getByRole('button', { name: 'Record outcome' }).count()).toBe(0);
    await page.close();
  });
});
