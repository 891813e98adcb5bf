import { expect } from 'vitest';
import type { InteractionMark, Role } from '../../src/shared/index.js';
import { aCase, aCustomer, anOrder } from './factories.js';
import { TEST_PASSWORD, type ApiResponse, type TestServer } from './server.js';

/** Request options that act as a signed-in person (cookie session and CSRF token) instead of an API key. */
export async function signedIn(server: TestServer, role: Role): Promise<{ as: null; headers: Record<string, string> }> {
  const response = await fetch(`${server.url}api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.users[role].email, password: TEST_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`${role} could not sign in: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { as: null, headers: { cookie: response.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken } };
}

/** Logs a contact on a case, ticked with the marks of the complaint procedure. */
export async function logContact(
  server: TestServer,
  caseId: string,
  direction: 'inbound' | 'outbound' | 'internal',
  marks: InteractionMark[],
  body = 'Spoke with the customer.',
) {
  const response = await server.api('POST', `/api/cases/${caseId}/interactions`, { channel: 'phone', direction, body, marks });
  if (response.status !== 201) throw new Error(`contact not logged: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function transition(server: TestServer, caseId: string, event: string, reason?: string, options?: { as?: Role }) {
  const response = await server.api('POST', `/api/cases/${caseId}/transitions`, reason === undefined ? { event } : { event, reason }, options);
  if (response.status !== 200) throw new Error(`${event} refused: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A policy in effect now, as a supervisor would write it. */
export async function aPolicy(server: TestServer, overrides: Record<string, unknown> = {}) {
  const response = await server.api('POST', '/api/policies', { title: 'Faulty goods', body: 'Faulty goods within a year are repaired, replaced or refunded.', ...overrides }, { as: 'supervisor' });
  if (response.status !== 201) throw new Error(`policy not created: ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * A complaint about an order (total 56.99 EUR) under investigation, whose concern the customer
 * confirmed they were understood on: ready for a resolution to be proposed.
 */
export async function anUnderstoodComplaint(server: TestServer, overrides: Record<string, unknown> = {}) {
  const customer = await aCustomer(server);
  const order = await anOrder(server, customer.id);
  const opened = await aCase(server, customer.id, { transactionId: order.id, ...overrides });
  await transition(server, opened.id, 'start_investigation');
  await recordUnderstanding(server, opened.id);
  return { customer, order, case: opened };
}

/** The concern, the restatement, and the contact in which the customer confirmed it. */
export async function recordUnderstanding(server: TestServer, caseId: string) {
  const recorded = await server.api('PATCH', `/api/cases/${caseId}/procedure`, {
    concern: 'My new kettle leaks all over the counter.',
    restatement: 'The kettle you bought leaks from its base when filled.',
  });
  if (recorded.status !== 200) throw new Error(`procedure not recorded: ${JSON.stringify(recorded.body)}`);
  await logContact(server, caseId, 'inbound', ['understanding_confirmed'], 'Yes, that is exactly the problem.');
}

/** Everything a refused request must leave as it was: the case's status, records and audit trail. */
export async function caseState(server: TestServer, caseId: string) {
  const [detail, audit, total] = await Promise.all([
    server.api('GET', `/api/cases/${caseId}`),
    server.api('GET', `/api/cases/${caseId}/audit`),
    server.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    status: detail.body.status as string,
    transitions: detail.body.transitions.length as number,
    resolutions: (detail.body.resolutions as { id: string; status: string }[]).map((r) => `${r.id} ${r.status}`),
    auditOfCase: audit.body.items.length as number,
    auditEvents: Number(total.n),
  };
}

/** Asserts an error answer: its status, code and the field it names first. */
export function expectRefused(response: ApiResponse, status: number, code: string, field?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  if (field !== undefined) expect(response.body.error.details?.[0]?.field).toBe(field);
}

/** Walks an understood complaint through an accepted resolution (by default a 15 EUR gesture) to resolved, confirmed by the customer. */
export async function aResolvedComplaint(
  server: TestServer,
  policyId: string,
  resolution: Record<string, unknown> = { type: 'goodwill', amountMinor: 1_500, summary: 'A 15 EUR voucher for the trouble' },
) {
  const complaint = await anUnderstoodComplaint(server);
  const proposed = await server.api('POST', `/api/cases/${complaint.case.id}/resolutions`, { ...resolution, policyId });
  if (proposed.body.status !== 'proposed') throw new Error(`resolution not offered: ${JSON.stringify(proposed.body)}`);
  await server.api('POST', `/api/resolutions/${proposed.body.id}/customer-response`, { response: 'accepted' });
  await logContact(server, complaint.case.id, 'inbound', ['resolution_confirmed'], 'The voucher arrived, thank you.');
  await transition(server, complaint.case.id, 'customer_confirmed');
  return { ...complaint, resolution: proposed.body };
}
