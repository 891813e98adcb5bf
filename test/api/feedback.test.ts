import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoImprovements } from '../../src/server/modules/demo/demo-improvements.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { expectRefused } from '../support/complaints.js';
import { aCase, aCustomer, anOrder } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';
import { insertSurveyAnswer } from '../support/store-rows.js';

const SOFA = [{ sku: 'SOFA-3', description: 'Three-seat sofa', quantity: 1, unitPriceMinor: 89900 }];

describe.each(ENGINES)('feedback analysis and improvement items on %s', (engine) => {
  let server: TestServer;
  let customerId: string;
  const from = new Date(Date.now() - 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  /** Survey responses as the survey page records them: one invitation each, answered now. */
  async function responses(answers: { comment: string | null; csat: number; nps: number }[]) {
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const now = new Date().toISOString();
      for (const answer of answers) {
        await insertSurveyAnswer(work, { customerId, at: now, csat: answer.csat, nps: answer.nps, comment: answer.comment });
      }
    });
  }

  async function complaint(concern: string, rootCause: string) {
    const order = await anOrder(server, customerId, { lineItems: SOFA });
    const opened = await aCase(server, customerId, { transactionId: order.id });
    const recorded = await server.api('PATCH', `/api/cases/${opened.id}/procedure`, { concern, rootCause });
    expect(recorded.status).toBe(200);
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    customerId = (await aCustomer(server, { language: 'en' })).id;
    await responses([
      { comment: 'Late delivery again', csat: 1, nps: 0 },
      { comment: 'The delivery was late', csat: 2, nps: 3 },
      { comment: 'Very late delivery, no call', csat: 2, nps: 5 },
      { comment: 'Late delivery but a lovely sofa', csat: 4, nps: 9 },
      { comment: 'Delivery two days late', csat: 1, nps: 2 },
      { comment: null, csat: 5, nps: 10 },
      { comment: null, csat: 5, nps: 9 },
      { comment: null, csat: 4, nps: 8 },
      { comment: null, csat: 3, nps: 6 },
      { comment: null, csat: 5, nps: 10 },
    ]);
    await complaint('The delivery was late again', 'delivery');
    await complaint('Late delivery, we took a day off for nothing', 'delivery');
    await complaint('Sofa arrived damaged, torn fabric', 'product_quality');
    await complaint('Damaged sofa leg', 'product_quality');
  });
  afterAll(() => server?.close());

  describe('themes and suggestions', () => {
    it('ranks themes with hand-computed counts and CSAT and NPS with and without', async () => {
      const read = await server.api('GET', `/api/feedback/themes?${period}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ from, to, rankBy: 'volume', surveyComments: 5, scoredResponses: 10, complaints: 4, truncated: false, minScored: 5 });
      expect(read.body.themes.map((theme: { theme: string; mentions: number }) => [theme.theme, theme.mentions])).toEqual([
        ['late delivery', 7],
        ['damaged sofa', 2],
      ]);
      const [late, damaged] = read.body.themes;
      expect(late).toMatchObject({ fromSurveys: 5, fromComplaints: 2, rootCauses: [{ rootCause: 'delivery', count: 2 }], products: [{ product: 'Three-seat sofa (SOFA-3)', count: 2 }] });
      // CSAT with: 1, 2, 2, 4, 1 → 1 of 5 = 20%; without: 5, 5, 4, 3, 5 → 4 of 5 = 80%; lift 0.5 × 60 = 30.
      expect(late.csat).toEqual({ with: 20, withCount: 5, without: 80, withoutCount: 5, lift: 30 });
      // NPS with: 0, 3, 5, 9, 2 → 1 promoter, 4 detractors = −60; without: 10, 9, 8, 6, 10 → 3 − 1 of 5 = 40; lift 0.5 × 100 = 50.
      expect(late.nps).toEqual({ with: -60, withCount: 5, without: 40, withoutCount: 5, lift: 50 });
      // Heard only in complaints: no score figure; sentiment from the concerns' words.
      expect(damaged).toMatchObject({ fromSurveys: 0, fromComplaints: 2, rootCauses: [{ rootCause: 'product_quality', count: 2 }] });
      // All ten responses: 1, 2, 2, 4, 1, 5, 5, 4, 3, 5 → 5 of 10 = 50%.
      expect(damaged.csat).toEqual({ with: null, withCount: 0, without: 50, withoutCount: 10, lift: null });
      expect(damaged.sentiment).toBeLessThan(0);
    });

    it('narrows to a kind of case, and refuses a period that ends before it starts', async () => {
      const returns = await server.api('GET', `/api/feedback/themes?${period}&kind=return`);
      expect(returns.body).toMatchObject({ surveyComments: 0, complaints: 0, themes: [] });
      expectRefused(await server.api('GET', `/api/feedback/themes?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`), 400, 'invalid_request', 'from');
    });

    it('suggests improvements with evidence, examples, the affected product and the effect in words', async () => {
      const read = await server.api('GET', `/api/feedback/suggestions?${period}`);
      expect(read.status).toBe(200);
      expect(read.body.suggestions.map((suggestion: { theme: string }) => suggestion.theme)).toEqual(['late delivery', 'damaged sofa']);
      expect(read.body.suggestions[0]).toMatchObject({
        evidenceCount: 7,
        examples: ['Late delivery again', 'The delivery was late', 'Delivery two days late'],
        affectedProduct: 'Three-seat sofa (SOFA-3)',
        affectedProcess: 'delivery',
        estimatedEffect:
          'CSAT of responses mentioning it 20% vs 80% for the rest: fixing it could lift overall CSAT by about 30 points; NPS of responses mentioning it -60 vs 40 for the rest: about 50 NPS points.',
        openItemId: null,
      });
    });
  });

  describe('improvement items', () => {
    const track = (body: Record<string, unknown>, as: 'supervisor' | 'manager' | 'agent' = 'manager') => server.api('POST', '/api/improvement-items', body, { as });
    const listed = async () => (await server.api('GET', '/api/improvement-items')).body.items as { id: string }[];

    it('turns a suggestion into a tracked item that keeps its evidence, and refuses a second open one for the theme unless forced', async () => {
      const [suggestion] = (await server.api('GET', `/api/feedback/suggestions?${period}`)).body.suggestions;
      const created = await track({
        title: 'Fix late sofa deliveries',
        theme: suggestion.theme,
        affected: suggestion.affected,
        estimatedEffect: suggestion.estimatedEffect,
        evidence: { mentions: suggestion.evidenceCount, fromSurveys: suggestion.fromSurveys, fromComplaints: suggestion.fromComplaints, examples: suggestion.examples, csat: suggestion.csat, from, to },
        ownerId: server.users.supervisor.id,
        dueDate: '2030-01-31',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        theme: 'late delivery',
        status: 'open',
        ownerId: server.users.supervisor.id,
        ownerName: 'Test supervisor',
        dueDate: '2030-01-31',
        overdue: false,
        closedAt: null,
        createdBy: expect.any(String),
        evidence: { mentions: 7, fromSurveys: 5, fromComplaints: 2, examples: suggestion.examples, csat: suggestion.csat, from, to },
      });
      const again = (await server.api('GET', `/api/feedback/suggestions?${period}`)).body.suggestions[0];
      expect(again.openItemId).toBe(created.body.id);

      const before = await listed();
      expectRefused(await track({ title: 'Again', theme: 'late delivery' }), 409, 'improvement_already_open', 'theme');
      expect(await listed()).toEqual(before);
      expect((await track({ title: 'Courier side', theme: 'late delivery', force: true })).status).toBe(201);

      const audit = await server.api('GET', `/api/audit?entityType=improvement_items&entityId=${created.body.id}`, undefined, { as: 'auditor' });
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'create', entityId: created.body.id })]);
    });

    it('refuses bad input naming the field, and changes nothing', async () => {
      const before = await listed();
      expectRefused(await track({ theme: 'refund' }), 400, 'invalid_request', 'title');
      expectRefused(await track({ title: 'Refunds', theme: '  ' }), 400, 'invalid_request', 'theme');
      expectRefused(await track({ title: 'Refunds', theme: 'refund', dueDate: '31/01/2030' }), 400, 'invalid_request', 'dueDate');
      expectRefused(await track({ title: 'Refunds', theme: 'refund', ownerId: 'usr_nobody' }), 400, 'invalid_request', 'ownerId');
      expect(await listed()).toEqual(before);
    });

    it('lets supervisors and managers track and change items, agents and auditors only read them', async () => {
      expectRefused(await track({ title: 'Refunds', theme: 'refund' }, 'agent'), 403, 'forbidden');
      const created = await track({ title: 'Refunds faster', theme: 'refund' }, 'supervisor');
      expect(created.status).toBe(201);
      expectRefused(await server.api('PATCH', `/api/improvement-items/${created.body.id}`, { status: 'done' }, { as: 'agent' }), 403, 'forbidden');
      expect((await server.api('GET', `/api/improvement-items/${created.body.id}`, undefined, { as: 'auditor' })).body.title).toBe('Refunds faster');
    });

    it('changes status, owner and due date; done and dropped close the item, reopening clears it; overdue is flagged', async () => {
      const created = (await track({ title: 'Damaged sofas', theme: 'damaged sofa', dueDate: '2020-01-01' })).body;
      expect(created.overdue).toBe(true);
      const patch = (body: Record<string, unknown>) => server.api('PATCH', `/api/improvement-items/${created.id}`, body, { as: 'supervisor' });

      const progressing = await patch({ status: 'in_progress', ownerId: server.users.manager.id, description: 'Check the packaging with the carrier' });
      expect(progressing.body).toMatchObject({ status: 'in_progress', ownerName: 'Test manager', description: 'Check the packaging with the carrier', closedAt: null, overdue: true });
      const done = await patch({ status: 'done' });
      expect(done.body).toMatchObject({ status: 'done', overdue: false, closedAt: expect.any(String) });
      const reopened = await patch({ status: 'open', dueDate: null });
      expect(reopened.body).toMatchObject({ status: 'open', closedAt: null, dueDate: null, overdue: false });

      expectRefused(await patch({ status: 'finished' }), 400, 'invalid_request', 'status');
      expectRefused(await patch({ ownerId: 'usr_nobody' }), 400, 'invalid_request', 'ownerId');
      expect((await server.api('GET', `/api/improvement-items/${created.id}`)).body).toEqual(reopened.body);
      expectRefused(await server.api('PATCH', '/api/improvement-items/imp_missing', { status: 'done' }, { as: 'supervisor' }), 404, 'not_found');

      const updates = await server.api('GET', `/api/audit?entityType=improvement_items&entityId=${created.id}`, undefined, { as: 'auditor' });
      expect(updates.body.items.map((event: { action: string }) => event.action)).toEqual(['update', 'update', 'update', 'create']);
    });
  });
});

describe.each(ENGINES)('demo improvement items on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('writes one done, one overdue, one in progress and one open item, each audited', async () => {
    await inTransaction(server.store, SYSTEM_ACTOR, (work) => writeDemoImprovements(work));
    const items = (await server.api('GET', '/api/improvement-items')).body.items as { theme: string; status: string; overdue: boolean; closedAt: string | null }[];
    expect(items.map((item) => [item.theme, item.status, item.overdue, item.closedAt !== null]).sort()).toEqual([
      ['checkout error', 'open', false, false],
      ['damaged item', 'open', true, false],
      ['late delivery', 'in_progress', false, false],
      ['refund', 'done', false, true],
    ]);
    const audit = await server.api('GET', '/api/audit?entityType=improvement_items&limit=20', undefined, { as: 'auditor' });
    expect(audit.body.items).toHaveLength(6);
  });
});
