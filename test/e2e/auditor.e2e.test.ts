import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_EVENT_LABELS, isManualCaseEvent } from '../../src/shared/case-lifecycle.js';
import type { CaseAction, Role } from '../../src/shared/index.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import { aPolicy, anUnderstoodComplaint, logContact, transition } from '../support/complaints.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/**
 * An auditor reads but never writes: the server refuses their writes, so the workspace offers none,
 * and shows them the facts the forms would hold. An agent, on the same records, keeps every control.
 */
describe.each(ENGINES)('an auditor in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  // A complaint under investigation whose concern is recorded, and one whose resolution awaits the customer's answer.
  let investigated: { id: string; customerId: string; steps: string[] };
  let offered: { id: string; summary: string };

  beforeAll(async () => {
    ({ server, browser } = workspace);
    const understood = await anUnderstoodComplaint(server, { subject: 'Kettle leaks from the base' });
    const actions = (await server.api('GET', `/api/cases/${understood.case.id}`)).body.actions as CaseAction[];
    investigated = {
      id: understood.case.id,
      customerId: understood.customer.id,
      // The steps an agent takes by hand from here, by the names their buttons carry.
      steps: actions.filter((action) => action.manual && isManualCaseEvent(action.event)).map((action) => CASE_EVENT_LABELS[action.event]),
    };

    const policy = await aPolicy(server, { title: `Faulty goods (${engine})` });
    const customer = await aCustomer(server, { name: 'Greta Lindqvist' });
    const order = await anOrder(server, customer.id);
    const complaint = await aCase(server, customer.id, { subject: 'Toaster burns one side', transactionId: order.id });
    await transition(server, complaint.id, 'start_investigation');
    await server.api('PATCH', `/api/cases/${complaint.id}/procedure`, {
      concern: 'It burns the bread on one side only.',
      restatement: 'One side of the toaster runs hotter than the other.',
    });
    await logContact(server, complaint.id, 'inbound', ['understanding_confirmed'], 'Yes, that is it.');
    await logContact(server, complaint.id, 'outbound', ['apology', 'thanks'], 'Sorry about the toaster, and thank you for telling us.');
    await server.api('PATCH', `/api/cases/${complaint.id}/procedure`, { cause: 'A loose heating element.', rootCause: 'product_quality' });
    await logContact(server, complaint.id, 'outbound', ['explanation'], 'Explained the loose element.');
    const summary = 'A new toaster, sent today';
    const proposed = await server.api('POST', `/api/cases/${complaint.id}/resolutions`, { type: 'replacement', summary, policyId: policy.id });
    expect(proposed.body.status).toBe('proposed');
    offered = { id: complaint.id, summary };
  });

  async function openCase(role: Role, caseId: string, subject: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, role);
    await page.goto(`${server.url}#/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.getByRole('region', { name: 'LATER checklist' }).waitFor();
    return page;
  }

  it('shows an auditor a complaint case without lifecycle steps, procedure edits, composer or case fields, but with their facts', async () => {
    expect(investigated.steps.length).toBeGreaterThan(0);
    const page = await openCase('auditor', investigated.id, 'Kettle leaks from the base');
    const panel = page.getByRole('complementary', { name: 'Case context' });
    await panel.getByText('My new kettle leaks all over the counter.').waitFor();
    await panel.getByText('The kettle you bought leaks from its base when filled.').waitFor();
    await panel.getByText('Not yet known.').waitFor();
    const caseFacts = panel.getByRole('region', { name: 'Case', exact: true });
    await caseFacts.getByText('Normal', { exact: true }).waitFor();
    await caseFacts.getByText('Unassigned', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Case status' }).getByText('Investigating').waitFor();

    for (const step of investigated.steps) expect(await page.getByRole('button', { name: step }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Lifecycle' }).getByRole('button').count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Add to the timeline' }).count()).toBe(0);
    expect(await page.getByLabel('Message').count()).toBe(0);
    for (const name of ['Edit concern', 'Edit restatement', 'Record cause', 'Propose a resolution', 'Schedule follow-up']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    // Nothing in the side panel is a control: every select of the procedure and the case fields is a fact.
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await panel.getByRole('combobox').count()).toBe(0);
    expect(await panel.getByRole('textbox').count()).toBe(0);

    // The composer's shortcut has nothing to focus and does nothing.
    await page.locator('body').press('c');
    expect(await page.locator('textarea:focus').count()).toBe(0);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Go to the inbox').waitFor();
    expect(await help.getByText('Write in the composer (on a case)').count()).toBe(0);
    await page.close();
  });

  it('shows an auditor an offered resolution without recording the customer’s answer', async () => {
    const page = await openCase('auditor', offered.id, 'Toaster burns one side');
    const resolutions = page.getByRole('region', { name: 'Resolutions', exact: true });
    await resolutions.getByText(offered.summary).waitFor();
    await resolutions.getByText('Offered', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'LATER checklist' }).getByText('Product quality').waitFor();
    expect(await resolutions.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record their answer' }).count()).toBe(0);
    await page.close();
  });

  it('shows an auditor a customer without opening a case or changing preferences, and no form at the new-case address', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'auditor');
    await page.goto(`${server.url}#/customers/${investigated.customerId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const details = page.getByRole('region', { name: 'Details', exact: true });
    await details.getByText('Email').waitFor();
    await page.getByRole('region', { name: 'Cases', exact: true }).getByText('Kettle leaks from the base').waitFor();
    await page.getByRole('region', { name: 'Contact preferences' }).getByText('Preferred channel').waitFor();
    expect(await page.getByRole('link', { name: 'Open a case' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit preferences' }).count()).toBe(0);

    await page.goto(`${server.url}#/customers/${investigated.customerId}/new-case`);
    await page.getByText('You can read cases but not open them').waitFor();
    expect(await page.getByRole('button', { name: 'Open case' }).count()).toBe(0);
    expect(await page.getByLabel('Subject').count()).toBe(0);
    await page.close();
  });

  it('still offers an agent every write control on the same case and customer', async () => {
    const page = await openCase('agent', investigated.id, 'Kettle leaks from the base');
    for (const step of investigated.steps) await page.getByRole('region', { name: 'Lifecycle' }).getByRole('button', { name: step }).waitFor();
    await page.getByRole('form', { name: 'Add to the timeline' }).getByRole('button', { name: 'Add to timeline' }).waitFor();
    const panel = page.getByRole('complementary', { name: 'Case context' });
    for (const name of ['Edit concern', 'Edit restatement', 'Record cause', 'Propose a resolution', 'Schedule follow-up']) {
      await panel.getByRole('button', { name }).waitFor();
    }
    for (const label of ['Root-cause category', 'Priority', 'Team', 'Assignee', 'Purchase']) {
      await panel.getByRole('combobox', { name: label }).waitFor();
    }

    await page.goto(`${server.url}#/cases/${offered.id}`);
    const resolutions = page.getByRole('region', { name: 'Resolutions', exact: true });
    await resolutions.getByRole('button', { name: 'Customer accepted' }).waitFor();
    await resolutions.getByRole('button', { name: 'Customer declined…' }).waitFor();
    await page.getByRole('region', { name: 'Lifecycle' }).getByRole('button', { name: 'Record their answer' }).waitFor();

    await page.goto(`${server.url}#/customers/${investigated.customerId}`);
    await page.getByRole('link', { name: 'Open a case' }).click();
    await page.getByRole('button', { name: 'Open case' }).waitFor();
    await page.close();
  });
});
