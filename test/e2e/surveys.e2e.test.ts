import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCase, aCustomer } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import { logContact, transition } from '../support/complaints.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** A fixed-offset zone in which it is about noon now, outside any customer's default quiet hours. */
function middayZone(): string {
  const offset = 12 - new Date().getUTCHours();
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe.each(ENGINES)('surveys on a phone and in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('answers the survey on a phone-sized screen, then a manager sees the score among the survey responses', async () => {
    const rule = await server.api('POST', '/api/follow-up-rules', { name: 'Survey on resolution', trigger: 'case_resolved', purpose: 'survey', delayMinutes: 0, channel: 'email' }, { as: 'supervisor' });
    expect(rule.status).toBe(201);
    const customer = await aCustomer(server, { name: 'Sofia Marino', timezone: middayZone() });
    const opened = await aCase(server, customer.id, { kind: 'query', subject: 'Coffee grinder too loud', assigneeId: server.users.agent.id });
    await transition(server, opened.id, 'acknowledge');
    await transition(server, opened.id, 'await_customer');
    await logContact(server, opened.id, 'inbound', ['resolution_confirmed'], 'Rang in: the new grinder is quiet.');
    await transition(server, opened.id, 'customer_confirmed');
    await server.worker.runDueJobs();
    // No SMTP in this test: the message waits in the outbox with the link the customer would get.
    const message = await server.store.db.selectFrom('outbound_messages').select('body_text').where('case_id', '=', opened.id).where('purpose', '=', 'survey').executeTakeFirstOrThrow();
    const link = /(http:\/\/\S+\/survey\/\S+)/.exec(message.body_text)![1]!;

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const survey = await phone.newPage();
    await survey.goto(link);
    await survey.getByRole('heading', { level: 1, name: 'How did we do?' }).waitFor();
    // Nothing overflows the phone's width.
    expect(await survey.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(390);
    const csat = survey.getByRole('group', { name: 'How satisfied are you with how we handled your request?' });
    const box = await csat.getByRole('radio', { name: '4', exact: true }).locator('..').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await csat.getByRole('radio', { name: '4', exact: true }).tap();
    await survey.getByRole('group', { name: /recommend us/ }).getByRole('radio', { name: '9', exact: true }).tap();
    await survey.getByRole('group', { name: /How easy/ }).getByRole('radio', { name: '7 (Very easy)' }).tap();
    await survey.getByLabel('Anything you would like to tell us? (optional)').fill('Quick and friendly, thank you.');
    await survey.getByRole('button', { name: 'Send my answer' }).tap();
    await survey.getByRole('status').filter({ hasText: 'Thank you for your answer' }).waitFor();
    await phone.close();

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'manager');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Survey responses', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Survey responses' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: opened.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('Sofia Marino');
    expect(await row.getByRole('definition').first().textContent()).toBe('4/5');
    expect(await row.textContent()).toContain('Quick and friendly, thank you.');
    // The agent's name is the case's assignee when the survey went out.
    expect(await row.textContent()).toContain('Test agent');
    await page.getByLabel('Agent').selectOption({ label: 'Test supervisor' });
    await page.getByText('No survey was answered in this period.').waitFor();
    await page.close();
  });
});
