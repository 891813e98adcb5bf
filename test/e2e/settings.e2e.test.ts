import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aPolicy, anUnderstoodComplaint } from '../support/complaints.js';
import { signIn, useWorkspace } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** A link of the left rail, found in its group (two groups both have an "Awaiting approval"). */
function railLink(page: Page, group: string, name: string | RegExp) {
  // Exact for a plain name: "Policies" is also part of "SLA policies".
  return page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: group }).getByRole('link', { name, exact: typeof name === 'string' });
}

/** A complaint with a goodwill gesture the agent proposed without citing a policy: it waits for approval. */
async function aPendingDeviation(server: TestServer, summary: string) {
  const complaint = await anUnderstoodComplaint(server);
  const proposed = await server.api('POST', `/api/cases/${complaint.case.id}/resolutions`, {
    type: 'goodwill',
    amountMinor: 5000,
    currency: 'EUR',
    summary,
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  expect(proposed.body.status).toBe('pending_approval');
  return { case: complaint.case, resolution: proposed.body };
}

describe.each(ENGINES)('approvals and settings in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('lets a supervisor create a policy, add a version and read both', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'supervisor');

    await railLink(page, 'Settings', 'Policies').click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByRole('link', { name: 'New policy' }).click();
    const title = `Damaged in transit (${engine})`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Policy text').fill('Goods damaged in transit are replaced at no cost.');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    await page.getByLabel('Policy text').fill('Goods damaged in transit are replaced or refunded, at the customer’s choice.');
    await page.getByRole('button', { name: 'Add version' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2 added.' }).waitFor();

    const versions = page.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    expect(await versions.count()).toBe(2);
    expect(await versions.nth(0).textContent()).toMatch(/Version 2.*In effect.*replaced or refunded/);
    expect(await versions.nth(1).textContent()).toMatch(/Version 1.*Superseded.*replaced at no cost/);

    const policyId = page.url().split('/').pop()!;
    const stored = await server.api('GET', `/api/policies/${policyId}`);
    expect(stored.body).toMatchObject({ title, version: 2, latestVersion: 2 });
    expect(stored.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);

    // The list shows the version in effect.
    await railLink(page, 'Settings', 'Policies').click();
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.textContent()).toContain('Version 2');
    await page.close();
  });

  it('lets a supervisor change what an agent may give without approval', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'supervisor');

    await railLink(page, 'Settings', 'Authority limits').click();
    await page.getByRole('heading', { level: 1, name: 'Authority limits' }).waitFor();
    const cell = page.getByRole('button', { name: /^Change agent limit for goodwill gesture/ });
    expect(await cell.textContent()).toContain('20.00');
    await cell.click();
    const dialog = page.getByRole('dialog', { name: 'Agent limit · Goodwill gesture' });
    await dialog.getByLabel('Cap amount').fill('abc');
    await dialog.getByRole('button', { name: 'Save limit' }).click();
    await dialog.getByText('enter an amount such as 150.00').waitFor();

    await dialog.getByLabel('Cap amount').fill('35');
    await dialog.getByRole('button', { name: 'Save limit' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Agent: goodwill gesture up to' }).waitFor();
    await expect.poll(() => cell.textContent()).toContain('35.00');

    const limits = await server.api('GET', '/api/authority-limits?role=agent');
    const goodwill = limits.body.items.filter((limit: { resolutionType: string }) => limit.resolutionType === 'goodwill');
    expect(goodwill).toEqual([expect.objectContaining({ role: 'agent', currency: null, maxAmountMinor: 3500 })]);
    await page.close();
  });

  it('lets a supervisor approve one resolution from the queue and reject another, with a reason', async () => {
    const approved = await aPendingDeviation(server, `A 50 EUR gesture for the leaking kettle (${engine}, approve)`);
    const rejected = await aPendingDeviation(server, `A 50 EUR gesture for the leaking kettle (${engine}, reject)`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'supervisor');

    const queued = (await server.api('GET', '/api/approvals', undefined, { as: 'supervisor' })).body.items.length;
    const railEntry = railLink(page, 'Cases', /^Awaiting approval/);
    await expect.poll(() => railEntry.textContent()).toContain(String(queued));
    await railEntry.click();
    await page.getByRole('heading', { level: 1, name: 'Awaiting approval' }).waitFor();

    const queue = page.getByRole('list', { name: 'Resolutions awaiting approval' });
    const first = queue.getByRole('listitem').filter({ hasText: approved.resolution.summary });
    const shown = await first.textContent();
    expect(shown).toContain(approved.case.number);
    expect(shown).toContain('Goodwill gesture');
    expect(shown).toContain('No policy — deviation');
    expect(shown).toMatch(/test agent/i);
    expect(shown).toContain('no policy cited');
    expect(shown).toMatch(/50\.00/);
    expect(await first.getByRole('link', { name: approved.case.number }).getAttribute('href')).toBe(`#/cases/${approved.case.id}`);

    await first.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: `Approved: Goodwill gesture` }).waitFor();
    await first.waitFor({ state: 'detached' });
    await expect.poll(() => railEntry.textContent()).toContain(String(queued - 1));
    expect((await server.api('GET', `/api/cases/${approved.case.id}`)).body.status).toBe('resolution_proposed');

    const second = queue.getByRole('listitem').filter({ hasText: rejected.resolution.summary });
    await second.getByRole('button', { name: 'Reject…' }).click();
    await second.getByLabel('Reason for rejecting').fill('   ');
    await second.getByRole('button', { name: 'Reject resolution' }).click();
    await second.getByText('must not be empty').waitFor();
    await second.getByLabel('Reason for rejecting').fill('Cite the goodwill policy and offer 20 EUR, within your own limit.');
    await second.getByRole('button', { name: 'Reject resolution' }).click();
    await page.getByRole('status').filter({ hasText: 'Rejected: Goodwill gesture' }).waitFor();
    await second.waitFor({ state: 'detached' });

    const decided = (await server.api('GET', `/api/cases/${rejected.case.id}`)).body;
    expect(decided.status).toBe('investigating');
    expect(decided.resolutions[0]).toMatchObject({ status: 'rejected', decisionReason: 'Cite the goodwill policy and offer 20 EUR, within your own limit.' });
    await page.close();
  });

  it('shows an agent the rules without a control to change them', async () => {
    const policy = await aPolicy(server, { title: `Returns within 30 days (${engine})` });
    await server.api('POST', '/api/templates', { name: 'Leak apology', channel: 'email', body: 'Dear {{customer.name}}, sorry.' }, { as: 'supervisor' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'agent');
    const readOnly = page.getByText('You can read these settings but not change them');

    await railLink(page, 'Settings', 'Policies').click();
    await page.getByRole('link', { name: policy.title }).click();
    await page.getByRole('heading', { level: 1, name: policy.title }).waitFor();
    expect(await page.getByRole('list', { name: 'Versions' }).getByRole('listitem').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Add version' }).count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);

    await railLink(page, 'Settings', 'Policies').click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await readOnly.waitFor();
    expect(await page.getByRole('link', { name: 'New policy' }).count()).toBe(0);

    await railLink(page, 'Settings', 'Templates and scripts').click();
    await page.getByRole('link', { name: 'Leak apology' }).click();
    await page.getByText('Dear {{customer.name}}, sorry.').waitFor();
    expect(await page.getByRole('button').filter({ hasText: /Save|Retire/ }).count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);

    await railLink(page, 'Settings', 'Authority limits').click();
    await page.getByRole('heading', { level: 1, name: 'Authority limits' }).waitFor();
    await readOnly.waitFor();
    await page.getByRole('row', { name: /Goodwill gesture/ }).waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);

    await railLink(page, 'Settings', 'Complaint procedure').click();
    await page.getByRole('heading', { level: 1, name: 'Complaint procedure' }).waitFor();
    await page.getByText('as I already said').waitFor();
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    expect(await page.getByRole('main').getByRole('spinbutton').count()).toBe(0);
    await page.close();
  });
});
