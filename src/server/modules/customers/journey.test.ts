import { describe, expect, it } from 'vitest';
import type { Case, Interaction, Transaction } from '../../../shared/index.js';
import { buildJourney } from './journey.js';

const order: Transaction = {
  id: 'txn_1',
  externalId: 'SO-1001',
  customerId: 'cus_1',
  lineItems: [{ sku: 'K-1', description: 'Kettle', quantity: 1, unitPriceMinor: 4999 }],
  totalMinor: 4999,
  currency: 'EUR',
  status: 'delivered',
  purchasedAt: '2026-11-01T09:00:00.000Z',
  deliveredAt: '2026-11-03T15:00:00.000Z',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-03T15:00:00.000Z',
};
const complaint: Case = {
  id: 'case_1',
  number: 'C-1001',
  customerId: 'cus_1',
  transactionId: 'txn_1',
  kind: 'complaint',
  subject: 'Kettle leaks',
  priority: 'high',
  channel: 'phone',
  status: 'investigating',
  teamId: null,
  assigneeId: null,
  requestingTeamId: null,
  sla: null,
  openedAt: '2026-11-05T08:00:00.000Z',
  createdAt: '2026-11-05T08:10:00.000Z',
  updatedAt: '2026-11-05T08:10:00.000Z',
};
const call: Interaction = {
  id: 'int_1',
  caseId: 'case_1',
  customerId: 'cus_1',
  channel: 'phone',
  direction: 'inbound',
  marks: [],
  authorType: 'user',
  authorId: 'usr_1',
  authorName: 'Ana',
  body: 'Customer says the kettle   leaks from the base.',
  occurredAt: '2026-11-05T08:00:00.000Z',
  loggedAt: '2026-11-05T08:10:00.000Z',
};

describe('buildJourney', () => {
  it('puts purchase, delivery, case and contact on one timeline, newest first', () => {
    const journey = buildJourney([order], [complaint], [call]);
    expect(journey.map((entry) => entry.type)).toEqual(['case_opened', 'interaction', 'delivery', 'purchase']);
    expect(journey[3]).toMatchObject({ title: 'Order SO-1001 placed', detail: '1 × Kettle', transactionId: 'txn_1' });
    expect(journey[1]).toMatchObject({ title: 'Customer contacted us (phone) on C-1001', detail: 'Customer says the kettle leaks from the base.' });
  });

  it('leaves out deliveries that have not happened', () => {
    const journey = buildJourney([{ ...order, deliveredAt: null }], [], []);
    expect(journey).toHaveLength(1);
  });
});
