import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { aPolicy, anUnderstoodComplaint, expectRefused, signedIn } from '../support/complaints.js';

const TOMORROW = () => new Date(Date.now() + 24 * 3600_000).toISOString();

describe.each(ENGINES)('policies and reply templates on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  const addVersion = (policyId: string, body: Record<string, unknown>) => server.api('POST', `/api/policies/${policyId}/versions`, body, { as: 'supervisor' });
  /** Proposes a replacement citing the policy, on a fresh complaint ready for one. */
  const replacementCiting = async (policyId: string) => {
    const { case: opened } = await anUnderstoodComplaint(server);
    return server.api('POST', `/api/cases/${opened.id}/resolutions`, { type: 'replacement', summary: 'A new kettle', policyId });
  };

  describe('policies', () => {
    it('keeps every earlier version as it was when a new one is added', async () => {
      const created = await aPolicy(server, { title: 'Returns', body: 'Returns within 14 days.' });
      expect(created).toMatchObject({ title: 'Returns', version: 1, latestVersion: 1, createdAt: expect.any(String) });
      expect(created.versions).toEqual([expect.objectContaining({ version: 1, title: 'Returns', body: 'Returns within 14 days.', createdByName: 'test supervisor' })]);

      const added = await addVersion(created.id, { body: 'Returns within 30 days.' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ title: 'Returns', body: 'Returns within 30 days.', version: 2, latestVersion: 2 });
      const read = (await server.api('GET', `/api/policies/${created.id}`)).body;
      expect(read.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(read.versions[1]).toEqual(created.versions[0]);
      expect((await server.api('GET', '/api/policies')).body.items).toContainEqual(expect.objectContaining({ id: created.id, version: 2, body: 'Returns within 30 days.' }));
    });

    it('refuses a version that would take effect before the previous one', async () => {
      const created = await aPolicy(server, { title: 'Warranty' });
      const refused = await addVersion(created.id, { body: 'Earlier', effectiveFrom: '2020-01-01T00:00:00Z' });
      expectRefused(refused, 400, 'invalid_request', 'effectiveFrom');
      expect((await server.api('GET', `/api/policies/${created.id}`)).body.versions).toHaveLength(1);
    });

    it('lets a resolution cite the version in effect, and keeps what it cited', async () => {
      const created = await aPolicy(server, { title: 'Faulty goods v1' });
      const first = await replacementCiting(created.id);
      expect(first.body).toMatchObject({ status: 'proposed', policyId: created.id, policyVersion: 1, policyTitle: 'Faulty goods v1' });

      await addVersion(created.id, { title: 'Faulty goods v2', body: 'Faulty goods within two years are replaced.' });
      const second = await replacementCiting(created.id);
      expect(second.body).toMatchObject({ policyVersion: 2, policyTitle: 'Faulty goods v2' });
      const firstCase = (await server.api('GET', `/api/cases/${first.body.caseId}`)).body;
      expect(firstCase.resolutions[0]).toMatchObject({ policyVersion: 1, policyTitle: 'Faulty goods v1' });
    });

    it('does not cite a version before it takes effect', async () => {
      const created = await aPolicy(server, { title: 'Delivery' });
      const future = await addVersion(created.id, { title: 'Delivery from next week', body: 'Free redelivery.', effectiveFrom: TOMORROW() });
      expect(future.body).toMatchObject({ title: 'Delivery', version: 1, latestVersion: 2 });
      expect((await replacementCiting(created.id)).body).toMatchObject({ policyVersion: 1, policyTitle: 'Delivery' });
    });

    it('refuses to cite a policy none of whose versions is in effect yet', async () => {
      const upcoming = await aPolicy(server, { title: 'Upcoming', effectiveFrom: TOMORROW() });
      expect(upcoming).toMatchObject({ version: 1, latestVersion: 1 });
      const { case: opened } = await anUnderstoodComplaint(server);
      const refused = await server.api('POST', `/api/cases/${opened.id}/resolutions`, { type: 'replacement', summary: 'A new kettle', policyId: upcoming.id });
      expectRefused(refused, 400, 'invalid_request', 'policyId');
      expect((await server.api('GET', `/api/cases/${opened.id}`)).body).toMatchObject({ status: 'investigating', resolutions: [] });
    });

    it('lets agents read policies and templates but not write them', async () => {
      const created = await aPolicy(server, { title: 'Read only for agents' });
      const template = await server.api('POST', '/api/templates', { name: 'Hello', channel: 'email', body: 'Hello {{customer.name}}' }, { as: 'supervisor' });
      const [policies, templates] = await Promise.all([server.api('GET', '/api/policies'), server.api('GET', '/api/templates')]);
      const agent = await signedIn(server, 'agent');
      for (const options of [{ as: 'agent' as const }, agent]) {
        expectRefused(await server.api('POST', '/api/policies', { title: 'Mine', body: 'Anything goes' }, options), 403, 'forbidden');
        expectRefused(await server.api('POST', `/api/policies/${created.id}/versions`, { body: 'Anything goes' }, options), 403, 'forbidden');
        expectRefused(await server.api('POST', '/api/templates', { name: 'Mine', channel: 'email', body: 'Hi' }, options), 403, 'forbidden');
        expectRefused(await server.api('PATCH', `/api/templates/${template.body.id}`, { active: false }, options), 403, 'forbidden');
      }
      expect((await server.api('GET', '/api/policies')).body).toEqual(policies.body);
      expect((await server.api('GET', '/api/templates')).body).toEqual(templates.body);
    });
  });

  describe('reply templates', () => {
    const createTemplate = (body: string, extra: Record<string, unknown> = {}) =>
      server.api('POST', '/api/templates', { name: 'Apology for a fault', channel: 'email', body, ...extra }, { as: 'supervisor' });
    const render = (caseId: string, templateId: string, options = {}) => server.api('POST', `/api/cases/${caseId}/rendered-templates`, { templateId }, options);

    it('refuses a template with a variable Aftercare does not know, on create and on change', async () => {
      const before = (await server.api('GET', '/api/templates')).body.items.length;
      const refused = await createTemplate('Dear {{customer.first_name}}, sorry about {{order.number}}');
      expectRefused(refused, 400, 'invalid_request', 'body');
      expect(refused.body.error.message).toContain('{{customer.first_name}}');
      expect((await server.api('GET', '/api/templates')).body.items).toHaveLength(before);

      const created = await createTemplate('Dear {{customer.name}}');
      for (const body of ['Dear {{ customer.nickname }}', 'Dear {{customer name}}']) {
        expectRefused(await server.api('PATCH', `/api/templates/${created.body.id}`, { body }, { as: 'supervisor' }), 400, 'invalid_request', 'body');
      }
      expect((await server.api('GET', `/api/templates/${created.body.id}`)).body.body).toBe('Dear {{customer.name}}');
    });

    it("fills in the customer's name, the order and case numbers and the agent's name", async () => {
      const customer = await aCustomer(server, { name: 'Giulia Bianchi' });
      const order = await anOrder(server, customer.id);
      const opened = await aCase(server, customer.id, { transactionId: order.id });
      const template = await createTemplate('Dear {{customer.name}}, about order {{order.number}} (case {{ case.number }}). Kind regards, {{agent.name}}');
      expect(template.status).toBe(201);

      const byKey = await render(opened.id, template.body.id);
      expect(byKey.body).toEqual({
        templateId: template.body.id,
        text: `Dear Giulia Bianchi, about order ${order.externalId} (case ${opened.number}). Kind regards, test agent`,
        missing: [],
      });
      const byPerson = await render(opened.id, template.body.id, await signedIn(server, 'agent'));
      expect(byPerson.body.text).toMatch(/Kind regards, Test agent$/);
    });

    it('leaves a placeholder for what the case lacks, and a name that looks like a variable as it is', async () => {
      const customer = await aCustomer(server, { name: '{{agent.name}}' });
      const opened = await aCase(server, customer.id);
      const template = await createTemplate('Dear {{customer.name}}, about order {{order.number}}. {{agent.name}}');
      const rendered = await render(opened.id, template.body.id);
      expect(rendered.body).toMatchObject({ text: 'Dear {{agent.name}}, about order [order number]. test agent', missing: ['order.number'] });
    });
  });
});
