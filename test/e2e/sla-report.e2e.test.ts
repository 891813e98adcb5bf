import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../support/complaints.js';
import { aCase, aCustomer } from '../support/factories.js';
import { signIn, useWorkspace } from '../support/browser.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));

describe.each(ENGINES)('The SLA report on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('shows a supervisor each policy’s compliance and times, the breached cases, and the same by team', async () => {
    // A calendar open round the clock, so the figures read the same on any day and at any hour.
    const calendar = await server.api('POST', '/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK }, { as: 'supervisor' });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    const policyName = `Answer within the hour (${engine})`;
    const policy = await server.api('POST', '/api/sla/policies', { name: policyName, position: 0, calendarId: calendar.body.id, firstResponseMinutes: 60 }, { as: 'supervisor' });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const team = await server.api('POST', '/api/teams', { name: 'Returns desk' }, { as: 'manager' });
    expect(team.status, JSON.stringify(team.body)).toBe(201);

    // Replies by a signed-in person count as responses (by API key they would not).
    const agent = await signedIn(server, 'agent');
    const customer = await aCustomer(server);
    async function openCase(subject: string, openedAt: number, fields: Record<string, unknown> = {}) {
      const interaction = { channel: 'email', direction: 'inbound', body: 'Where is my refund?', occurredAt: new Date(openedAt).toISOString() };
      return (await aCase(server, customer.id, { kind: 'query', subject, interaction, ...fields })) as { id: string; number: string; subject: string };
    }
    async function replyAt(caseId: string, at: number) {
      const body = { channel: 'email', direction: 'outbound', body: 'We are on it.', occurredAt: new Date(at).toISOString() };
      const response = await server.api('POST', `/api/cases/${caseId}/interactions`, body, agent);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    // Answered in 30 minutes (met), in 90 (breached), and never (breached an hour after it came in).
    const now = Date.now();
    const onTime = await openCase('Refund on time', now - 3 * HOUR, { teamId: team.body.id });
    await replyAt(onTime.id, now - 3 * HOUR + 30 * MINUTE);
    const late = await openCase('Refund answered late', now - 26 * HOUR);
    await replyAt(late.id, now - 26 * HOUR + 90 * MINUTE);
    const unanswered = await openCase('Refund never answered', now - 50 * HOUR, { assigneeId: server.users.agent.id });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'supervisor');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('list', { name: 'Reports' }).getByRole('link', { name: 'SLA report' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA report' }).waitFor();
    expect(page.url()).toMatch(/#\/reports\/sla$/);
    await page.getByText('SLA compliance: share of targets met among those met or breached in the period').waitFor();

    // One met of three counted; the median and p90 of the two replies (30 and 90 minutes), in business time.
    const table = page.getByRole('table', { name: 'SLA report' });
    const row = table.getByRole('row').filter({ hasText: policyName });
    await row.waitFor();
    const cells = row.getByRole('cell');
    expect(await cells.nth(0).textContent()).toBe('33.3%1 met · 2 breached');
    expect(await cells.nth(1).textContent()).toBe('1h');
    expect(await cells.nth(2).textContent()).toBe('1h 24m');
    expect(await cells.nth(3).textContent()).toBe('—'); // no next-response target on this policy

    // The breached cases, latest breach first, each leading to its case.
    const breached = page.getByRole('table', { name: 'Breached cases' }).locator('tbody tr');
    await expect.poll(() => breached.count()).toBe(2);
    expect(await breached.nth(0).textContent()).toContain(late.subject);
    expect(await breached.nth(1).textContent()).toContain(unanswered.subject);
    expect(await breached.nth(1).textContent()).toContain('Test agent');
    expect(await breached.nth(0).getByRole('link', { name: late.number }).getAttribute('href')).toBe(`#/cases/${late.id}`);

    // By team: the one answered on time is the desk's; the other two have no team.
    await page.getByLabel('Group by').selectOption({ label: 'Team' });
    await page.getByRole('columnheader', { name: 'Team' }).first().waitFor();
    expect(page.url()).toMatch(/#\/reports\/sla\?groupBy=team$/);
    const desk = table.getByRole('row').filter({ hasText: 'Returns desk' });
    await desk.waitFor();
    expect(await desk.getByRole('cell').nth(0).textContent()).toBe('100%1 met · 0 breached');
    expect(await table.getByRole('row').filter({ hasText: 'No team' }).getByRole('cell').nth(0).textContent()).toBe('0%0 met · 2 breached');

    expect(await page.getByRole('button', { name: 'Download CSV' }).isEnabled()).toBe(true);
    await page.close();
  });
});
