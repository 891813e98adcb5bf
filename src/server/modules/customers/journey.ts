import type { Case, Interaction, JourneyEntry, Transaction } from '../../../shared/index.js';

const DIRECTION_WORDS: Record<Interaction['direction'], string> = {
  inbound: 'Customer contacted us',
  outbound: 'We contacted the customer',
  internal: 'Internal note',
};

function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/**
 * One customer's journey: purchases, deliveries, cases and contacts in a single timeline, newest
 * first. At the same instant a case's opening stands above the contact that opened it.
 */
export function buildJourney(transactions: Transaction[], cases: Case[], interactions: Interaction[]): JourneyEntry[] {
  const caseNumbers = new Map(cases.map((c) => [c.id, c.number]));
  const entries: JourneyEntry[] = [];
  const blank = { caseId: null, transactionId: null, channel: null, direction: null };
  for (const order of transactions) {
    entries.push({
      ...blank,
      at: order.purchasedAt,
      type: 'purchase',
      title: `Order ${order.externalId} placed`,
      detail: order.lineItems.map((line) => `${line.quantity} × ${line.description}`).join(', ') || null,
      transactionId: order.id,
    });
    if (order.deliveredAt) {
      entries.push({ ...blank, at: order.deliveredAt, type: 'delivery', title: `Order ${order.externalId} delivered`, detail: null, transactionId: order.id });
    }
  }
  for (const c of cases) {
    entries.push({
      ...blank,
      at: c.openedAt,
      type: 'case_opened',
      title: `${c.number} opened: ${c.subject}`,
      detail: `${c.kind} by ${c.channel}, now ${c.status.replaceAll('_', ' ')}`,
      caseId: c.id,
      transactionId: c.transactionId,
      channel: c.channel,
    });
  }
  for (const contact of interactions) {
    entries.push({
      at: contact.occurredAt,
      type: 'interaction',
      title: `${DIRECTION_WORDS[contact.direction]} (${contact.channel})${caseNumbers.has(contact.caseId) ? ` on ${caseNumbers.get(contact.caseId)}` : ''}`,
      detail: excerpt(contact.body),
      caseId: contact.caseId,
      transactionId: null,
      channel: contact.channel,
      direction: contact.direction,
    });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
