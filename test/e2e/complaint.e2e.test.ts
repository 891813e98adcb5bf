import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aPolicy, logContact as logContactByApi, transition } from '../support/complaints.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** The stepper's current stage: the case's status as the agent sees it. */
function currentStatus(page: Page) {
  return page.getByRole('list', { name: 'Case status' }).locator('[aria-current="step"] .stepper-label');
}

async function expectStatus(page: Page, label: string): Promise<void> {
  await currentStatus(page).filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
}

/** Logs a contact through the composer, ticked with the given marks (by their labels). */
async function logContact(
  page: Page,
  contact: { channel: string; direction: string; message: string; marks: string[]; tag: string },
): Promise<void> {
  await page.getByLabel('Channel').selectOption({ label: contact.channel });
  await page.getByLabel('Direction').selectOption({ label: contact.direction });
  await page.getByLabel('Message').fill(contact.message);
  for (const mark of contact.marks) await page.getByLabel(mark).check();
  await page.getByRole('button', { name: 'Add to timeline' }).click();
  await timeline(page).getByRole('listitem').filter({ hasText: contact.message }).getByText(contact.tag).waitFor();
}

function timeline(page: Page) {
  return page.getByRole('list', { name: 'Timeline' });
}

function checklistStep(page: Page, step: string) {
  return page.getByRole('list', { name: 'LATER steps' }).getByRole('listitem').filter({ has: page.getByText(step, { exact: true }) });
}

describe.each(ENGINES)('a complaint through the case view on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('goes from received to resolved: LATER, a goodwill gesture above the agent’s limit approved by a supervisor, the customer’s confirmation', async () => {
    const customer = await aCustomer(server, { name: 'Chloé Martin' });
    const order = await anOrder(server, customer.id);
    const opened = await aCase(server, customer.id, { subject: `Kettle leaks from the base (${engine})`, transactionId: order.id });
    const policy = await aPolicy(server, { title: `Goodwill for service failures (${engine})` });
    const script = await server.api(
      'POST',
      '/api/templates',
      {
        name: 'Read back the concern',
        kind: 'call_script',
        channel: 'phone',
        body: 'Hello {{customer.name}}, this is {{agent.name}} about case {{case.number}}. Let me read back what I understood.',
      },
      { as: 'supervisor' },
    );
    expect(script.status, JSON.stringify(script.body)).toBe(201);

    const agent = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await agent.newPage();
    await signIn(page, server, 'agent');
    await page.goto(`${server.url}#/cases/${opened.id}`);
    await page.getByRole('heading', { level: 1, name: opened.subject }).waitFor();
    await expectStatus(page, 'New');
    await page.getByRole('region', { name: 'LATER checklist' }).getByText('Required', { exact: true }).waitFor();

    // Received → acknowledged → investigating.
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expectStatus(page, 'Acknowledged');
    await page.getByRole('button', { name: 'Start investigating' }).click();
    await expectStatus(page, 'Investigating');

    // Listen: the concern in the customer's words and the agent's restatement.
    await page.getByRole('button', { name: 'Record concern' }).click();
    await page.getByLabel('Concern, in the customer’s own words').fill('My new kettle leaks all over the counter every time I fill it.');
    await page.getByRole('button', { name: 'Save concern' }).click();
    await page.getByRole('button', { name: 'Record restatement' }).click();
    await page.getByLabel('Your restatement').fill('The kettle you bought leaks from its base whenever it is filled.');
    await page.getByRole('button', { name: 'Save restatement' }).click();
    await page.getByRole('button', { name: 'Edit restatement' }).waitFor();

    // Until the customer confirms the restatement, no resolution may be proposed, and the view says why.
    const propose = page.getByRole('button', { name: 'Propose a resolution' });
    expect(await propose.getAttribute('aria-disabled')).toBe('true');
    await page.getByRole('region', { name: 'Resolutions' }).getByText(/has not confirmed your restatement/).waitFor();

    // The call: a script filled in for this case, then the contact ticked with what it showed.
    await page.getByLabel('Channel').selectOption({ label: 'Phone' });
    await page.getByLabel('Template').selectOption({ label: 'Read back the concern' });
    await page.getByText('Hello Chloé Martin, this is Test agent about case').waitFor();
    await page.getByRole('button', { name: 'Insert into message' }).click();
    expect(await page.getByLabel('Message').inputValue()).toContain('Hello Chloé Martin');
    await logContact(page, {
      channel: 'Phone',
      direction: 'Outbound',
      message: 'Called Chloé: read back the restatement and she agreed. Apologised and thanked her for telling us.',
      marks: ['Customer confirmed my restatement', 'Apologised', 'Thanked the customer'],
      tag: 'Restatement confirmed',
    });
    await checklistStep(page, 'Listen').getByText('Done', { exact: true }).waitFor();
    await checklistStep(page, 'Apologise').getByText('Done', { exact: true }).waitFor();
    await checklistStep(page, 'Thank').getByText('Done', { exact: true }).waitFor();

    // Explain: cause, root cause, and the contact in which it was explained. The reply check warns, never blocks.
    await page.getByRole('button', { name: 'Record cause' }).click();
    await page.getByLabel('Cause', { exact: true }).fill('A seal in this batch of kettles was fitted without its gasket.');
    await page.getByRole('button', { name: 'Save cause' }).click();
    await page.getByRole('button', { name: 'Edit cause' }).waitFor();
    await page.getByLabel('Root-cause category').selectOption({ label: 'Product quality' });
    await page.getByText('Root-cause category saved.').waitFor();
    await page.getByLabel('Channel').selectOption({ label: 'Email' });
    await page.getByLabel('Message').fill('You should have told us sooner, but we found the cause.');
    await page.getByText('Reply check:').waitFor();
    expect(await page.getByRole('button', { name: 'Add to timeline' }).isEnabled()).toBe(true);
    await logContact(page, {
      channel: 'Email',
      direction: 'Outbound',
      message: 'We found the cause: a seal in this batch was fitted without its gasket. We are sorry for the trouble.',
      marks: ['Explained the cause'],
      tag: 'Cause explained',
    });
    await expect(page.getByText('Reply check:').count()).resolves.toBe(0);
    await checklistStep(page, 'Explain').getByText('Done', { exact: true }).waitFor();

    // Resolve: 25.00 EUR of goodwill is above the agent's 20.00 cap, so the form says it needs approval.
    await propose.click();
    const form = page.getByRole('form', { name: 'Propose a resolution' });
    await form.getByLabel('Type').selectOption({ label: 'Goodwill gesture' });
    await form.getByLabel('Amount (EUR)').fill('25');
    await form.getByLabel('What is offered').fill('A 25 euro goodwill credit for the trouble, besides the repair.');
    await form.getByLabel('Policy applied').selectOption({ label: `${policy.title} (version 1)` });
    await form.getByText(/Your authority for goodwill: up to .*20\.00 per case/).waitFor();
    await form.getByText(/Needs approval: .*25\.00 of goodwill on this case is above your limit/).waitFor();
    await form.getByRole('button', { name: 'Propose', exact: true }).click();
    await expectStatus(page, 'Awaiting approval');
    const card = page.getByRole('list', { name: 'Resolutions on this case' }).getByRole('listitem').first();
    await card.getByText('Awaiting approval', { exact: true }).waitFor();
    expect(await card.textContent()).toContain(`${policy.title}, version 1`);

    // A supervisor approves it on the approvals page, in a browser of their own.
    const supervisor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const approver = await supervisor.newPage();
    await signIn(approver, server, 'supervisor');
    await approver.goto(`${server.url}#/approvals`);
    const request = approver.getByRole('listitem').filter({ hasText: opened.number });
    await request.getByRole('button', { name: 'Approve' }).click();
    await request.waitFor({ state: 'detached' });
    await supervisor.close();

    // The agent sees the approval, records the customer's acceptance and, later, their confirmation.
    await page.reload();
    await expectStatus(page, 'Resolution proposed');
    await card.getByRole('definition').filter({ hasText: 'by Test supervisor' }).waitFor();
    await card.getByRole('button', { name: 'Customer accepted' }).click();
    await expectStatus(page, 'Awaiting customer');
    await checklistStep(page, 'Resolve').getByText('Done', { exact: true }).waitFor();

    // "Customer confirmed" is offered but blocked until the contact in which they confirmed is logged.
    const confirmed = page.getByRole('button', { name: 'Customer confirmed' });
    expect(await confirmed.getAttribute('aria-disabled')).toBe('true');
    await logContact(page, {
      channel: 'Email',
      direction: 'Inbound',
      message: 'The credit arrived and the repaired kettle no longer leaks. Thank you!',
      marks: ['Customer confirms the resolution worked'],
      tag: 'Resolution confirmed',
    });
    expect(await confirmed.getAttribute('aria-disabled')).toBeNull();
    await confirmed.click();
    await expectStatus(page, 'Resolved');

    const checklist = page.getByRole('region', { name: 'LATER checklist' });
    await checklist.getByText('5 of 5 done').waitFor();
    expect(await checklist.getByText('To do', { exact: true }).count()).toBe(0);

    // The timeline tells the way the case went, with who moved it and why.
    const steps = timeline(page).getByRole('listitem').filter({ hasText: /^Status:/ });
    const told = (await steps.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
    expect(told.map((text) => /Status: (.+?) → (.+?) ·/.exec(text)?.slice(1).join(' → '))).toEqual([
      'New → Acknowledged',
      'Acknowledged → Investigating',
      'Investigating → Awaiting approval',
      'Awaiting approval → Resolution proposed',
      'Resolution proposed → Awaiting customer',
      'Awaiting customer → Resolved',
    ]);
    expect(told[2]).toMatch(/above the limit of .*20\.00 · by Test agent/);
    expect(told[3]).toContain('by Test supervisor');

    const stored = await server.api('GET', `/api/cases/${opened.id}`);
    expect(stored.body.status).toBe('resolved');
    expect(stored.body.procedure).toMatchObject({ rootCause: 'product_quality', cause: expect.stringContaining('gasket') });
    expect(stored.body.resolutions).toMatchObject([
      { type: 'goodwill', amountMinor: 2500, currency: 'EUR', status: 'accepted', policyId: policy.id, policyVersion: 1 },
    ]);
    await agent.close();
  });

  it('shows a refusal from the server instead of swallowing it, and asks why before reopening', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id, { kind: 'query', subject: `Which descaler fits the kettle? (${engine})` });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'agent');
    await page.goto(`${server.url}#/cases/${opened.id}`);
    await expectStatus(page, 'New');

    // Someone else moves the case on while this page still offers "Acknowledge".
    await transition(server, opened.id, 'start_investigation');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('region', { name: 'Lifecycle' }).getByRole('alert').getByText(/not possible while the case is under investigation/).waitFor();

    await transition(server, opened.id, 'await_customer');
    await logContactByApi(server, opened.id, 'inbound', ['resolution_confirmed'], 'The descaler you suggested worked.');
    await transition(server, opened.id, 'customer_confirmed');
    await page.reload();
    await expectStatus(page, 'Resolved');

    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('button', { name: 'Reopen case' }).click();
    await page.getByText('Say why the case is reopened.').waitFor();
    await page.getByLabel('Why reopen it?').fill('The customer wrote back: the kettle scales up again after a week.');
    await page.getByRole('button', { name: 'Reopen case' }).click();
    await expectStatus(page, 'Investigating');
    await timeline(page).getByRole('listitem').filter({ hasText: 'scales up again after a week' }).getByText(/by Test agent/).waitFor();
    await page.close();
  });
});
