import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCase, aCustomer } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

/** A link of the left rail, found in its group. */
function railLink(page: Page, group: string, name: string | RegExp) {
  // Exact for a plain name: "Policies" is also part of "SLA policies".
  return page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: group }).getByRole('link', { name, exact: typeof name === 'string' });
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

describe.each(ENGINES)('SLAs in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('lets a supervisor set a calendar and a policy, then shows an overdue case in red, first at risk, with the policy and why', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'supervisor');

    // A calendar open round the clock, so the test reads the same on any day and at any hour.
    const calendarName = `Round the clock (${engine})`;
    await railLink(page, 'Settings', 'Business calendars').click();
    await page.getByRole('heading', { level: 1, name: 'Business calendars' }).waitFor();
    await page.getByRole('link', { name: 'New calendar' }).click();
    await page.getByLabel('Name', { exact: true }).fill(calendarName);
    await page.getByLabel('Time zone').fill('Europe/Londn');
    for (const day of WEEKDAYS) {
      if (day === 'Saturday' || day === 'Sunday') await page.getByRole('button', { name: `Add opening hours on ${day}` }).click();
      await page.getByLabel(`${day} opening 1 starts`).fill('00:00');
      await page.getByLabel(`${day} opening 1 ends`).fill('00:00');
    }
    await page.getByRole('button', { name: 'Add a holiday' }).click();
    await page.getByLabel('Holiday 1', { exact: true }).fill('2031-12-25');

    // The server refuses the misspelt zone; its reason shows under the field.
    await page.getByRole('button', { name: 'Create calendar' }).click();
    await page.getByRole('alert').filter({ hasText: 'The calendar was not saved' }).waitFor();
    await page.getByText('must be an IANA time zone such as Europe/London').waitFor();
    expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Time zone').fill('Europe/London');
    await page.getByRole('button', { name: 'Create calendar' }).click();
    await page.getByRole('heading', { level: 1, name: calendarName }).waitFor();
    await page.getByRole('status').filter({ hasText: 'created' }).waitFor();
    const calendars = (await server.api('GET', '/api/sla/calendars')).body.items;
    const calendar = calendars.find((item: { name: string }) => item.name === calendarName);
    expect(calendar).toMatchObject({ timezone: 'Europe/London', holidays: ['2031-12-25'] });
    expect(calendar.weeklyHours.mon).toEqual([['00:00', '24:00']]);
    expect(calendar.weeklyHours.sun).toEqual([['00:00', '24:00']]);

    // A policy for complaints from gold customers: first response within an hour.
    const policyName = `Gold complaints (${engine})`;
    await railLink(page, 'Settings', 'SLA policies').click();
    await page.getByRole('heading', { level: 1, name: 'SLA policies' }).waitFor();
    await page.getByRole('link', { name: 'New SLA policy' }).click();
    await page.getByLabel('Name', { exact: true }).fill(policyName);
    await page.getByLabel('Calendar').selectOption({ label: `${calendarName} (Europe/London)` });
    await page.getByLabel('Order').fill('0');
    await page.getByRole('group', { name: 'Kinds' }).getByLabel('Complaint').check();
    await page.getByRole('group', { name: 'Customer tiers' }).getByLabel('Gold').check();
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByText('set at least one target: first response, next response or resolution').waitFor();

    await page.getByLabel('First response', { exact: true }).fill('1');
    await page.getByLabel('Resolution', { exact: true }).fill('48');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { level: 1, name: policyName }).waitFor();
    const policies = (await server.api('GET', '/api/sla/policies')).body.items;
    expect(policies.find((item: { name: string }) => item.name === policyName)).toMatchObject({
      position: 0,
      calendarId: calendar.id,
      match: { kinds: ['complaint'], tiers: ['gold'] },
      firstResponseMinutes: 60,
      nextResponseMinutes: null,
      resolutionMinutes: 48 * 60,
      pauseStatuses: ['awaiting_customer'],
    });

    // A complaint that came in five hours ago and was never answered, one that just came in, and a query no policy covers.
    const customer = await aCustomer(server, { tier: 'gold' });
    const fiveHoursAgo = new Date(Date.now() - 5 * 3600_000).toISOString();
    const overdue = await aCase(server, customer.id, {
      subject: `Kettle leaks, nobody answered (${engine})`,
      assigneeId: server.users.supervisor.id,
      interaction: { channel: 'email', direction: 'inbound', body: 'My kettle leaks. Please help.', occurredAt: fiveHoursAgo },
    });
    const fresh = await aCase(server, customer.id, { subject: `Kettle lid is loose (${engine})` });
    const uncovered = await aCase(server, customer.id, { kind: 'query', subject: `Is the kettle dishwasher safe? (${engine})` });
    expect(Date.parse(overdue.openedAt)).toBe(Date.parse(fiveHoursAgo));
    expect(overdue.sla).toMatchObject({ policyName, calendarName });
    expect(uncovered.sla).toBeNull();
    // The durable check fires the breach: its notification goes to the assignee.
    await server.worker.runDueJobs();

    await page.reload();
    await railLink(page, 'Cases', /^Open/).click();
    await page.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
    const overdueBadge = page.getByRole('row').filter({ hasText: overdue.subject }).locator('.sla-badge');
    expect(await overdueBadge.textContent()).toMatch(/^First response: Overdue 4h/);
    expect(await overdueBadge.getAttribute('class')).toContain('sla-overdue');
    const freshBadge = page.getByRole('row').filter({ hasText: fresh.subject }).locator('.sla-badge');
    expect(await freshBadge.textContent()).toMatch(/^First response: (60m|59m|1h) left$/);
    expect(await freshBadge.getAttribute('class')).toContain('sla-ok');
    expect(await page.getByRole('row').filter({ hasText: uncovered.subject }).locator('.sla-badge').count()).toBe(0);

    // At risk: the overdue case first, then the one due within the hour; the query has no target.
    const atRiskLink = railLink(page, 'Cases', /^At risk/);
    await expect.poll(() => atRiskLink.textContent()).toMatch(/At risk\s*2$/);
    await atRiskLink.click();
    await page.getByRole('heading', { level: 1, name: 'At risk' }).waitFor();
    const rows = page.getByRole('table', { name: 'At risk' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const first = await rows.nth(0).textContent();
    expect(first).toContain(overdue.subject);
    expect(first).toMatch(/Overdue 4h/);
    expect(first).toContain(customer.name);
    expect(first).toContain('Test supervisor');
    expect(await rows.nth(1).textContent()).toContain(fresh.subject);

    // The case view says which policy applies, why, and on which calendar.
    await rows.nth(0).getByRole('link', { name: overdue.subject }).click();
    await page.getByRole('heading', { level: 1, name: overdue.subject }).waitFor();
    const sla = page.getByRole('region', { name: 'SLA' });
    const targets = sla.getByRole('list', { name: 'SLA targets' }).getByRole('listitem');
    expect(await targets.count()).toBe(2);
    expect(await targets.nth(0).textContent()).toMatch(/First response.*Breached.*Overdue 4h/);
    expect(await targets.nth(1).textContent()).toMatch(/Resolution.*Running.*left/);
    const facts = await sla.locator('dl').textContent();
    expect(facts).toContain(policyName);
    expect(facts).toContain('matches kind complaint, customer tier gold');
    expect(facts).toContain(calendarName);

    // The breach reached the assignee: the bell counts it, and opening it leads to the case and marks it read.
    await railLink(page, 'Cases', /^Open/).click();
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.click();
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    const notification = page.getByRole('link', { name: new RegExp(`SLA breached: first response of ${overdue.number}`) });
    await notification.click();
    await page.getByRole('heading', { level: 1, name: overdue.subject }).waitFor();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    // Notifications are a person's own: read them with the page's session, not an API key.
    const mine = () =>
      page.evaluate(() => fetch('/api/notifications').then((response) => response.json() as Promise<{ unread: number; items: unknown[] }>));
    await expect.poll(async () => (await mine()).unread).toBe(0);
    expect((await mine()).items).toEqual([expect.objectContaining({ caseId: overdue.id, kind: 'sla.breach', readAt: expect.any(String) })]);
    await page.close();
  });

  it('shows an agent the SLA settings without a control to change them', async () => {
    const calendar = await server.api(
      'POST',
      '/api/sla/calendars',
      { name: `Office hours (${engine})`, timezone: 'Europe/Paris', weeklyHours: { mon: [['09:00', '17:00']], tue: [['09:00', '12:00'], ['13:00', '17:00']] } },
      { as: 'supervisor' },
    );
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    const policy = await server.api(
      'POST',
      '/api/sla/policies',
      { name: `Phone queries (${engine})`, calendarId: calendar.body.id, match: { channels: ['phone'] }, resolutionMinutes: 90 },
      { as: 'supervisor' },
    );
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'agent');
    const readOnly = page.getByText('You can read these settings but not change them');

    await railLink(page, 'Settings', 'SLA policies').click();
    await readOnly.waitFor();
    expect(await page.getByRole('link', { name: 'New SLA policy' }).count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: policy.body.name });
    expect(await row.textContent()).toMatch(/Came in by Phone.*1 h 30 min/);
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: policy.body.name }).waitFor();
    await page.getByText('1 h 30 min in business hours').waitFor();
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);

    await railLink(page, 'Settings', 'Business calendars').click();
    await page.getByRole('link', { name: calendar.body.name }).click();
    await page.getByRole('heading', { level: 1, name: calendar.body.name }).waitFor();
    await page.getByRole('row', { name: /Tuesday/ }).filter({ hasText: '09:00–12:00, 13:00–17:00' }).waitFor();
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await page.close();
  });
});
