import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/server/modules/webhooks/webhook-signature.js';
import { configureWebhooks } from '../../src/server/modules/webhooks/webhook-target.js';
import { updateAudited } from '../../src/server/platform/db/audited-writes.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { nowInstant } from '../../src/server/platform/ids.js';
import { expectRefused, transition } from '../support/complaints.js';
import { aCase, aCustomer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ENGINES } from '../support/stores.js';
import { insertFollowUp } from '../support/store-rows.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on loopback. `/ok…` answers 204; `/flaky…` 500 on its first request, then
 * 200; `/bad…` 400 with a reason in the body.
 */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const earlier = received.filter((r) => r.path === path).length;
      received.push({ path, headers: request.headers, body });
      if (path.startsWith('/flaky') && earlier === 0) return response.writeHead(500).end('database is restarting');
      if (path.startsWith('/bad')) return response.writeHead(400, { 'content-type': 'text/plain' }).end('unknown field "case"');
      response.writeHead(path.startsWith('/ok') ? 204 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const HOUR = 60 * 60_000;

describe.each(ENGINES)('webhooks on %s', (engine) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // The dispatcher's clock: moved on to bring retries due without waiting for them.
  let offsetMs = 0;

  beforeAll(async () => {
    server = await startTestServer(engine, { dispatcher: { now: () => Date.now() + offsetMs, random: () => 0.5 } });
    configureWebhooks(server.store, { allowPrivateTargets: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  async function anEndpoint(path: string, body: Record<string, unknown> = {}) {
    const response = await server.api('POST', '/api/webhooks', { url: receiver.base + path, events: ['case.created', 'case.status_changed'], ...body }, { as: 'admin' });
    if (response.status !== 201) throw new Error(`endpoint not created: ${JSON.stringify(response.body)}`);
    return response.body as { id: string; url: string; secret: string; events: string[]; active: boolean };
  }

  const deliveries = async (endpointId: string) => {
    const response = await server.api('GET', `/api/webhooks/${endpointId}/deliveries`, undefined, { as: 'admin' });
    expect(response.status).toBe(200);
    return response.body.items as { id: string; deliveryId: string; event: string; state: string; attempts: number; lastError: string | null; sentAt: string | null }[];
  };

  it('posts a new case and its status change, each signed with the endpoint secret', async () => {
    const endpoint = await anEndpoint('/ok-cases');
    expect(endpoint).toMatchObject({ url: `${receiver.base}/ok-cases`, events: ['case.created', 'case.status_changed'], active: true });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const customer = await aCustomer(server);
    const created = await aCase(server, customer.id);
    await transition(server, created.id, 'acknowledge');
    expect(await server.dispatcher.runDue()).toBeGreaterThanOrEqual(2);

    // Deliveries go out side by side, so they may arrive in any order: receivers order by occurredAt.
    const got = receiver.at('/ok-cases').sort((a, b) => JSON.parse(a.body).occurredAt.localeCompare(JSON.parse(b.body).occurredAt));
    expect(got.map((r) => r.headers['aftercare-event'])).toEqual(['case.created', 'case.status_changed']);
    for (const request of got) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifySignature(endpoint.secret, request.body, request.headers['aftercare-signature'] as string)).toMatchObject({ valid: true });
      expect(verifySignature('whsec_wrong', request.body, request.headers['aftercare-signature'] as string)).toMatchObject({ valid: false });
    }
    const [opened, moved] = got.map((r) => JSON.parse(r.body));
    expect(opened).toMatchObject({ type: 'case.created', id: expect.stringMatching(/^evt_/), data: { case: { id: created.id, number: created.number, customerId: customer.id } } });
    expect(moved).toMatchObject({ type: 'case.status_changed', data: { case: { id: created.id, status: 'acknowledged' }, from: 'new', to: 'acknowledged' } });
    expect(Date.parse(opened.occurredAt)).not.toBeNaN();

    const log = await deliveries(endpoint.id);
    expect(log.map((d) => [d.event, d.state, d.attempts])).toEqual([
      ['case.status_changed', 'sent', 1],
      ['case.created', 'sent', 1],
    ]);
    expect(log.map((d) => d.deliveryId).reverse()).toEqual(got.map((r) => r.headers['aftercare-delivery']));
    expect(Date.parse(moved.occurredAt)).toBeGreaterThan(Date.parse(opened.occurredAt));
  });

  it('posts only the events an endpoint subscribed to', async () => {
    const endpoint = await anEndpoint('/ok-status-only', { events: ['case.status_changed'] });
    const created = await aCase(server, (await aCustomer(server)).id);
    await transition(server, created.id, 'start_investigation');
    await server.dispatcher.runDue();
    expect(receiver.at('/ok-status-only').map((r) => JSON.parse(r.body).data.to)).toEqual(['investigating']);
    expect((await deliveries(endpoint.id)).map((d) => d.event)).toEqual(['case.status_changed']);
  });

  it('posts follow-up events as their status moves', async () => {
    await anEndpoint('/ok-follow-ups', { events: ['follow_up.scheduled', 'follow_up.sent', 'follow_up.completed'] });
    const customer = await aCustomer(server);
    const now = nowInstant();
    const followUpId = await inTransaction(server.store, SYSTEM_ACTOR, (work) =>
      insertFollowUp(work, { customerId: customer.id, purpose: 'post_purchase_checkin', status: 'scheduled', channel: 'email', dueAt: now, note: 'private note' }),
    );
    await inTransaction(server.store, SYSTEM_ACTOR, async (work) => {
      const row = await work.tx.selectFrom('follow_ups').selectAll().where('id', '=', followUpId).executeTakeFirstOrThrow();
      const due = await updateAudited(work, 'follow_ups', row, { status: 'due' });
      await updateAudited(work, 'follow_ups', due, { status: 'sent' });
    });
    await server.dispatcher.runDue();
    const bodies = receiver.at('/ok-follow-ups').map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.type, b.data.from, b.data.to]).sort()).toEqual([
      ['follow_up.scheduled', null, 'scheduled'],
      ['follow_up.sent', 'due', 'sent'],
    ]);
    const scheduled = bodies.find((b) => b.type === 'follow_up.scheduled');
    expect(scheduled.data.followUp).toMatchObject({ id: followUpId, customerId: customer.id, purpose: 'post_purchase_checkin', channel: 'email' });
    expect(scheduled.data.followUp).not.toHaveProperty('note');

    // The same event from a follow-up an agent schedules on a case.
    const onCase = await aCase(server, customer.id, { kind: 'query' });
    const booked = await server.api('POST', `/api/cases/${onCase.id}/follow-ups`, { purpose: 'callback', dueAt: new Date(Date.now() + HOUR).toISOString(), channel: 'phone' });
    expect(booked.status).toBe(201);
    await server.dispatcher.runDue();
    const fromApi = receiver.at('/ok-follow-ups').map((r) => JSON.parse(r.body)).filter((b) => b.data.followUp.id === booked.body.id);
    expect(fromApi).toEqual([expect.objectContaining({ type: 'follow_up.scheduled', data: expect.objectContaining({ followUp: expect.objectContaining({ caseId: onCase.id, channel: 'phone' }) }) })]);
  });

  it('retries a 500 after a backoff with the same delivery id, then delivers', async () => {
    const endpoint = await anEndpoint('/flaky');
    const ping = await server.api('POST', `/api/webhooks/${endpoint.id}/test`, undefined, { as: 'admin' });
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event: 'ping', state: 'queued', attempts: 0 });

    await server.dispatcher.runDue();
    let [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ state: 'queued', attempts: 1, lastError: 'HTTP 500 Internal Server Error: database is restarting' });

    // Not due yet: nothing is posted until the backoff has passed.
    await server.dispatcher.runDue();
    expect(receiver.at('/flaky')).toHaveLength(1);

    offsetMs += HOUR;
    await server.dispatcher.runDue();
    [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ state: 'sent', attempts: 2, sentAt: expect.any(String) });
    const tries = receiver.at('/flaky');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.headers['aftercare-delivery']).toBe(tries[0]!.headers['aftercare-delivery']);
    expect(tries[1]!.headers['aftercare-delivery']).toBe(delivery!.deliveryId);
    expect(JSON.parse(tries[1]!.body)).toMatchObject({ type: 'ping', data: { endpointId: endpoint.id } });
  });

  it('retries when nothing answers at the address', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const created = await server.api('POST', '/api/webhooks', { url: `http://127.0.0.1:${port}/gone`, events: ['case.created'] }, { as: 'admin' });
    await server.api('POST', `/api/webhooks/${created.body.id}/test`, undefined, { as: 'admin' });
    await server.dispatcher.runDue();
    expect(await deliveries(created.body.id)).toEqual([expect.objectContaining({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/^ECONNREFUSED/) })]);
    await server.api('PATCH', `/api/webhooks/${created.body.id}`, { active: false }, { as: 'admin' });
  });

  it('fails a 400 at once and shows the reason in the deliveries', async () => {
    const endpoint = await anEndpoint('/bad');
    await server.api('POST', `/api/webhooks/${endpoint.id}/test`, undefined, { as: 'admin' });
    await server.dispatcher.runDue();
    offsetMs += HOUR;
    await server.dispatcher.runDue();
    expect(receiver.at('/bad')).toHaveLength(1);
    const failed = await server.api('GET', `/api/webhooks/${endpoint.id}/deliveries?state=failed`, undefined, { as: 'admin' });
    expect(failed.body.items).toEqual([expect.objectContaining({ event: 'ping', state: 'failed', attempts: 1, lastError: 'HTTP 400 Bad Request: unknown field "case"' })]);
  });

  it('sends nothing to an inactive endpoint, and cancels what was queued when it was deactivated', async () => {
    const asleep = await anEndpoint('/ok-inactive', { active: false });
    await aCase(server, (await aCustomer(server)).id);
    expectRefused(await server.api('POST', `/api/webhooks/${asleep.id}/test`, undefined, { as: 'admin' }), 409, 'endpoint_inactive');

    const endpoint = await anEndpoint('/ok-deactivated');
    await server.api('POST', `/api/webhooks/${endpoint.id}/test`, undefined, { as: 'admin' });
    const deactivated = await server.api('PATCH', `/api/webhooks/${endpoint.id}`, { active: false }, { as: 'admin' });
    expect(deactivated.body).toMatchObject({ active: false });
    await server.dispatcher.runDue();

    expect(receiver.at('/ok-inactive')).toEqual([]);
    expect(await deliveries(asleep.id)).toEqual([]);
    expect(receiver.at('/ok-deactivated')).toEqual([]);
    expect(await deliveries(endpoint.id)).toEqual([expect.objectContaining({ state: 'cancelled', lastError: 'the webhook endpoint is inactive' })]);
  });

  it('keeps the secret out of every read and of the audit log; an admin reveals or rotates it', async () => {
    const endpoint = await anEndpoint('/ok-secret', { description: 'CRM sync' });
    const listed = await server.api('GET', '/api/webhooks', undefined, { as: 'admin' });
    const one = await server.api('GET', `/api/webhooks/${endpoint.id}`, undefined, { as: 'supervisor' });
    expect(listed.body.items.find((e: { id: string }) => e.id === endpoint.id)).toMatchObject({ description: 'CRM sync' });
    expect(one.body).not.toHaveProperty('secret');
    for (const answer of [listed, one]) expect(JSON.stringify(answer.body)).not.toContain(endpoint.secret);

    expect((await server.api('GET', `/api/webhooks/${endpoint.id}/secret`, undefined, { as: 'admin' })).body).toEqual({ secret: endpoint.secret });
    const rotated = await server.api('POST', `/api/webhooks/${endpoint.id}/secret`, undefined, { as: 'admin' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);

    await server.api('POST', `/api/webhooks/${endpoint.id}/test`, undefined, { as: 'admin' });
    await server.dispatcher.runDue();
    const [request] = receiver.at('/ok-secret');
    expect(verifySignature(rotated.body.secret, request!.body, request!.headers['aftercare-signature'] as string)).toMatchObject({ valid: true });
    expect(verifySignature(endpoint.secret, request!.body, request!.headers['aftercare-signature'] as string)).toMatchObject({ valid: false });

    const deleted = await server.api('DELETE', `/api/webhooks/${endpoint.id}`, undefined, { as: 'admin' });
    expect(deleted.status).toBe(200);
    expect((await server.api('GET', `/api/webhooks/${endpoint.id}`, undefined, { as: 'admin' })).status).toBe(404);

    const audit = await server.api('GET', `/api/audit?entityType=webhook_endpoints&entityId=${endpoint.id}`, undefined, { as: 'admin' });
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'delete', 'update']);
    const text = JSON.stringify(audit.body);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(endpoint.secret);
    expect(text).not.toContain(rotated.body.secret);
  });

  it('refuses bad input by field, unknown ids, and roles that may not manage webhooks', async () => {
    const save = (body: Record<string, unknown>) => server.api('POST', '/api/webhooks', { url: `${receiver.base}/ok`, events: ['case.created'], ...body }, { as: 'admin' });
    expectRefused(await save({ url: 'ftp://example.com/hook' }), 400, 'invalid_request', 'url');
    expectRefused(await save({ url: 'not a url' }), 400, 'invalid_request', 'url');
    expectRefused(await save({ url: 'https://user:pw@example.com/hook' }), 400, 'invalid_request', 'url');
    expectRefused(await save({ events: [] }), 400, 'invalid_request', 'events');
    expectRefused(await save({ events: ['case.deleted'] }), 400, 'invalid_request', 'events.0');
    expect((await server.api('GET', '/api/webhooks/whk_nope', undefined, { as: 'admin' })).status).toBe(404);
    expect((await server.api('PATCH', '/api/webhooks/whk_nope', { active: false }, { as: 'admin' })).status).toBe(404);
    expect((await server.api('GET', '/api/webhooks/whk_nope/deliveries', undefined, { as: 'admin' })).status).toBe(404);

    const endpoint = await anEndpoint('/ok-roles');
    for (const [method, path] of [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['GET', `/api/webhooks/${endpoint.id}/deliveries`],
      ['GET', `/api/webhooks/${endpoint.id}/secret`],
    ] as const) {
      expect((await server.api(method, path, method === 'POST' ? { url: `${receiver.base}/ok`, events: ['case.created'] } : undefined, { as: 'agent' })).status).toBe(403);
    }
    // Supervisors and managers read where data goes; only admins change it or see the secret.
    expect((await server.api('GET', '/api/webhooks', undefined, { as: 'manager' })).status).toBe(200);
    expect((await server.api('PATCH', `/api/webhooks/${endpoint.id}`, { active: false }, { as: 'manager' })).status).toBe(403);
    expect((await server.api('GET', `/api/webhooks/${endpoint.id}/secret`, undefined, { as: 'supervisor' })).status).toBe(403);
  });

  describe('without WEBHOOK_ALLOW_PRIVATE', () => {
    beforeAll(() => configureWebhooks(server.store, { allowPrivateTargets: false }));
    afterAll(() => configureWebhooks(server.store, { allowPrivateTargets: true }));

    const save = (url: string) => server.api('POST', '/api/webhooks', { url, events: ['case.created'] }, { as: 'admin' });

    it('refuses loopback, private and link-local targets by field url, with the reason', async () => {
      const loopback = await save(`${receiver.base}/ok`);
      expectRefused(loopback, 400, 'invalid_request', 'url');
      expect(loopback.body.error.details[0].reason).toBe('127.0.0.1 is a loopback address; webhooks go to public addresses unless WEBHOOK_ALLOW_PRIVATE=true');
      const named = await save('http://localhost:8080/hook');
      expectRefused(named, 400, 'invalid_request', 'url');
      expect(named.body.error.details[0].reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      for (const [url, kind] of [
        ['http://[::1]/hook', 'loopback'],
        ['http://10.0.0.8/hook', 'private'],
        ['http://169.254.169.254/latest/meta-data', 'link-local'],
        ['http://[::ffff:192.168.1.1]/hook', 'private'],
        ['http://100.64.1.1/hook', 'shared \\(CGNAT\\)'],
      ]) {
        const refused = await save(url!);
        expectRefused(refused, 400, 'invalid_request', 'url');
        expect(refused.body.error.details[0].reason).toMatch(new RegExp(`an? ${kind} address`));
      }
    });

    it('accepts a public address, and refuses a change to a private one leaving the endpoint as it was', async () => {
      const created = await save('https://93.184.215.14/hooks/aftercare');
      expect(created.status).toBe(201);
      expectRefused(await server.api('PATCH', `/api/webhooks/${created.body.id}`, { url: 'http://127.0.0.1/hook' }, { as: 'admin' }), 400, 'invalid_request', 'url');
      expect((await server.api('GET', `/api/webhooks/${created.body.id}`, undefined, { as: 'admin' })).body.url).toBe('https://93.184.215.14/hooks/aftercare');
      await server.api('PATCH', `/api/webhooks/${created.body.id}`, { active: false }, { as: 'admin' });
    });

    it('checks again when sending: a delivery to an endpoint saved while allowed fails with the reason', async () => {
      configureWebhooks(server.store, { allowPrivateTargets: true });
      const endpoint = await anEndpoint('/ok-recheck');
      configureWebhooks(server.store, { allowPrivateTargets: false });
      await server.api('POST', `/api/webhooks/${endpoint.id}/test`, undefined, { as: 'admin' });
      await server.dispatcher.runDue();
      expect(receiver.at('/ok-recheck')).toEqual([]);
      expect(await deliveries(endpoint.id)).toEqual([
        expect.objectContaining({ state: 'failed', lastError: expect.stringMatching(/^127\.0\.0\.1 is a loopback address/) }),
      ]);
      await server.api('PATCH', `/api/webhooks/${endpoint.id}`, { active: false }, { as: 'admin' });
    });

    it('checks the addresses a name resolves to when sending, not only when saving', async () => {
      configureWebhooks(server.store, { allowPrivateTargets: true });
      const named = await server.api('POST', '/api/webhooks', { url: `${receiver.base.replace('127.0.0.1', 'localhost')}/ok-named`, events: ['case.created'] }, { as: 'admin' });
      expect(named.status).toBe(201);
      await server.api('POST', `/api/webhooks/${named.body.id}/test`, undefined, { as: 'admin' });
      await server.dispatcher.runDue();
      expect(receiver.at('/ok-named')).toHaveLength(1);

      configureWebhooks(server.store, { allowPrivateTargets: false });
      await server.api('POST', `/api/webhooks/${named.body.id}/test`, undefined, { as: 'admin' });
      await server.dispatcher.runDue();
      expect(receiver.at('/ok-named')).toHaveLength(1);
      const [refused] = await deliveries(named.body.id);
      expect(refused).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/) });
      await server.api('PATCH', `/api/webhooks/${named.body.id}`, { active: false }, { as: 'admin' });
    });
  });
});
