import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/modules/audit/audit.store.js';
import { ENGINES } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { aCase, aCustomer } from '../support/factories.js';

describe.each(ENGINES)('the audit trail on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('records who changed what, before and after, for every create and update', async () => {
    const customer = await aCustomer(server);
    const opened = await aCase(server, customer.id);
    await server.api('PATCH', `/api/cases/${opened.id}`, { priority: 'urgent' }, { as: 'supervisor' });

    const history = await server.api('GET', `/api/cases/${opened.id}/audit`);
    expect(history.status).toBe(200);
    const events = history.body.items;
    expect(events.map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`)).toEqual([
      'create cases',
      'create interactions',
      'update cases',
    ]);
    expect(events[2]).toMatchObject({
      actorType: 'api_key',
      actorName: 'test supervisor',
      before: { priority: 'normal' },
      after: { priority: 'urgent' },
    });

    const log = await server.api('GET', `/api/audit?entityId=${customer.id}`, undefined, { as: 'auditor' });
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ action: 'create', entityType: 'customers', after: { name: customer.name } });
  });

  it('never puts secrets in the log', async () => {
    await server.api('POST', '/api/users', { email: `secret.${engine}@test.local`, name: 'S', role: 'agent', password: 'my secret password' }, { as: 'admin' });
    const log = await server.api('GET', '/api/audit?entityType=users&limit=200', undefined, { as: 'admin' });
    const text = JSON.stringify(log.body);
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/argon2|my secret password/);
  });

  it('offers no way to change or delete audit events through the API', async () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      const response = await server.api(method, '/api/audit', {}, { as: 'admin' });
      expect(response.status, method).toBe(404);
    }
  });

  it('verifies the chain, and reports the first changed, deleted or inserted event', async () => {
    const customer = await aCustomer(server);
    await aCase(server, customer.id);
    expect(await verifyAuditChain(server.store.db)).toMatchObject({ ok: true });
    const db = server.store.db;
    const events = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    const victim = events[3]!;

    await db.updateTable('audit_events').set({ after_json: '{"name":"Someone else"}' }).where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: { kind: 'changed', seq: Number(victim.seq) } });
    await db.updateTable('audit_events').set({ after_json: victim.after_json }).where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    await db.deleteFrom('audit_events').where('seq', '=', victim.seq).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: { kind: 'deleted', seq: Number(victim.seq) } });
    await db.insertInto('audit_events').values(victim).execute();

    // A forged event slotted in by renumbering the tail: its own hash is valid, its link is not.
    const last = events.at(-1)!;
    const forged = { ...last, seq: Number(last.seq) + 1, entity_id: 'cus_forged' };
    const { hashAuditEvent } = await import('../../src/server/modules/audit/audit-chain.js');
    forged.prev_hash = victim.hash;
    forged.hash = hashAuditEvent({
      seq: forged.seq,
      occurredAt: forged.occurred_at,
      actorType: forged.actor_type,
      actorId: forged.actor_id,
      actorName: forged.actor_name,
      action: forged.action,
      entityType: forged.entity_type,
      entityId: forged.entity_id,
      beforeJson: forged.before_json,
      afterJson: forged.after_json,
      prevHash: forged.prev_hash,
    });
    await db.insertInto('audit_events').values(forged).execute();
    await db.updateTable('counters').set({ value: sql`value + 1` }).where('name', '=', 'audit_seq').execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: { kind: 'inserted', seq: forged.seq } });
    await db.deleteFrom('audit_events').where('seq', '=', forged.seq).execute();
    await db.updateTable('counters').set({ value: sql`value - 1` }).where('name', '=', 'audit_seq').execute();

    await db.deleteFrom('audit_events').where('seq', '=', last.seq).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: { kind: 'deleted', seq: Number(last.seq) } });
    await db.insertInto('audit_events').values(last).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('keeps the chain intact under concurrent writers', async () => {
    const customer = await aCustomer(server);
    await Promise.all(Array.from({ length: 20 }, (_, i) => aCase(server, customer.id, { subject: `Concurrent ${i}` })));
    expect(await verifyAuditChain(server.store.db)).toMatchObject({ ok: true });
  });
});
