import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, useWorkspace } from '../support/browser.js';
import { aCustomer } from '../support/factories.js';
import type { TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';

describe.each(ENGINES)('contact preferences in the workspace on %s', (engine) => {
  let server: TestServer;
  let browser: Browser;
  const workspace = useWorkspace(engine);
  beforeAll(() => ({ server, browser } = workspace));

  it('lets an agent set SMS and quiet hours and withdraw marketing consent, kept after a reload; an auditor only reads', async () => {
    const customer = await aCustomer(server, { name: 'Ines Moreau', timezone: 'Europe/Paris', language: 'fr' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, server, 'agent');
    await page.goto(`${server.url}#/customers/${customer.id}`);
    const panel = page.getByRole('region', { name: 'Contact preferences' });
    await panel.getByRole('button', { name: 'Edit preferences' }).waitFor();
    const facts = panel.getByRole('definition');
    expect((await facts.first().textContent())?.trim()).toBe('Email default');

    await panel.getByRole('button', { name: 'Edit preferences' }).click();
    await panel.getByLabel('Preferred channel').selectOption('sms');
    await panel.getByLabel('Default: 21:00 to 08:00').uncheck();
    await panel.getByLabel('Quiet from').fill('22:00');
    await panel.getByLabel('Quiet until').fill('22:00');
    await panel.getByRole('button', { name: 'Save preferences' }).click();
    // The server's reason shows under the field; nothing was saved.
    await panel.getByText('must differ from the start', { exact: true }).waitFor();
    expect(await panel.getByLabel('Quiet until').getAttribute('aria-invalid')).toBe('true');
    expect((await server.api('GET', `/api/customers/${customer.id}/contact-preferences`)).body.updatedAt).toBeNull();

    await panel.getByLabel('Quiet until').fill('07:00');
    await panel.getByRole('button', { name: 'Save preferences' }).click();
    await panel.getByRole('status').filter({ hasText: 'Preferences saved.' }).waitFor();

    const consentForm = panel.getByRole('form', { name: 'Record consent' });
    await consentForm.getByLabel('Consent').selectOption('withdrawn');
    await consentForm.getByLabel('Purpose').selectOption('marketing');
    await consentForm.getByLabel('Channel').selectOption('any');
    await consentForm.getByLabel('Source').fill('Asked on the phone to stop offers');
    await consentForm.getByRole('button', { name: 'Record consent' }).click();
    await consentForm.getByRole('status').filter({ hasText: 'Withdrawn: Marketing' }).waitFor();

    await page.reload();
    await panel.getByRole('button', { name: 'Edit preferences' }).waitFor();
    expect((await facts.nth(0).textContent())?.trim()).toBe('SMS');
    expect(await facts.nth(2).textContent()).toContain('22:00–07:00');
    await panel.getByText('Opted out of: Marketing').waitFor();
    const history = panel.getByRole('list', { name: 'Consent history' }).getByRole('listitem');
    expect(await history.count()).toBe(1);
    expect(await history.first().textContent()).toMatch(/Withdrawn\s*Marketing · Any channel.*recorded by Test agent.*Source: Asked on the phone to stop offers/);

    const saved = (await server.api('GET', `/api/customers/${customer.id}/contact-preferences`)).body;
    expect(saved.preferences).toMatchObject({ preferredChannel: 'sms', quietHours: { start: '22:00', end: '07:00' } });
    expect(saved.consent.optOuts).toEqual(['marketing']);
    await page.close();

    const auditorPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(auditorPage, server, 'auditor');
    await auditorPage.goto(`${server.url}#/customers/${customer.id}`);
    const readOnly = auditorPage.getByRole('region', { name: 'Contact preferences' });
    await readOnly.getByText('Opted out of: Marketing').waitFor();
    expect(await readOnly.getByRole('button').count()).toBe(0);
    await auditorPage.close();
  });
});
