import type { TestServer } from './server.js';

let sequence = 0;

/** Realistic records through the public API, as another system would push them. */
export async function aCustomer(server: TestServer, overrides: Record<string, unknown> = {}) {
  const n = ++sequence;
  const response = await server.api('POST', '/api/customers', {
    name: `Maria Rossi ${n}`,
    email: `maria.rossi.${n}@example.com`,
    phone: '+39 06 1234 5678',
    timezone: 'Europe/Rome',
    language: 'it',
    tier: 'gold',
    externalRef: `CRM-T${n}-${Date.now()}`,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`customer not created: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function anOrder(server: TestServer, customerId: string, overrides: Record<string, unknown> = {}) {
  const n = ++sequence;
  const response = await server.api('POST', '/api/transactions', {
    externalId: `SO-T${n}-${Date.now()}`,
    customerId,
    lineItems: [
      { sku: 'KET-200', description: 'Stainless kettle 1.7 l', quantity: 1, unitPriceMinor: 4999 },
      { sku: 'FIL-10', description: 'Limescale filter', quantity: 2, unitPriceMinor: 350 },
    ],
    currency: 'EUR',
    status: 'delivered',
    purchasedAt: '2026-10-01T10:00:00Z',
    deliveredAt: '2026-10-03T15:30:00Z',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`order not created: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function aCase(server: TestServer, customerId: string, overrides: Record<string, unknown> = {}) {
  const response = await server.api('POST', '/api/cases', {
    customerId,
    kind: 'complaint',
    subject: 'Kettle leaks from the base',
    channel: 'email',
    interaction: { channel: 'email', direction: 'inbound', body: 'My new kettle leaks all over the counter.' },
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`case not created: ${JSON.stringify(response.body)}`);
  return response.body;
}
