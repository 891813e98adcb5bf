import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/server/modules/access/api-keys.store.js';
import { createUser } from '../../src/server/modules/access/users.store.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore } from '../../src/server/platform/db/database.js';
import { migrateToLatest } from '../../src/server/platform/db/migrate.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import { freshStoreLocation } from '../support/stores.js';

/*
 * The built CLI, killed with SIGKILL between an SLA warning and its breach and started again on the
 * same SQLite file: each fires once, because an SLA event, its actions and the check job's done
 * mark commit together, and the next check is a durable job rather than a timer in memory.
 */

const BIN = path.resolve('bin/aftercare.js');
const PASSWORD = 'correct horse battery';
const ROUND_THE_CLOCK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** `aftercare serve` on a random port; resolves once it says where it listens. */
async function serve(location: Extract<StoreLocation, { engine: 'sqlite' }>) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: `sqlite:${location.file}`, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve((exit = { code, signal }))));
  const url = await until(
    'the server to start',
    async () => {
      if (exit) throw new Error(`aftercare serve ended (${JSON.stringify(exit)}): ${stderr}`);
      return /Aftercare is running on sqlite: open (http:\/\/\S+)/.exec(stdout)?.[1];
    },
    20_000,
  );
  return {
    base: url.replace(/\/$/, ''),
    kill: async (signal: NodeJS.Signals) => {
      child.kill(signal);
      return exited;
    },
  };
}

describe('SLA warnings and breaches across a crash', () => {
  it('fires the warning before a SIGKILL and the breach after the restart, each exactly once', { timeout: 90_000 }, async () => {
    const location = (await freshStoreLocation('sqlite')) as Extract<StoreLocation, { engine: 'sqlite' }>;
    const setup = openStore(location);
    await migrateToLatest(setup.db);
    const { agentId, key } = await inTransaction(setup, SYSTEM_ACTOR, async (work) => {
      const agent = await createUser(work, { email: 'agent@test.local', name: 'Ada Agent', role: 'agent', password: PASSWORD });
      await createUser(work, { email: 'lead@test.local', name: 'Lee Lead', role: 'supervisor', password: PASSWORD });
      return { agentId: agent.id, key: (await createApiKey(work, { name: 'test supervisor', role: 'supervisor' })).key };
    });
    await setup.close();

    let server = await serve(location);
    const call = async (method: string, route: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) => {
      const response = await fetch(server.base + route, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any, headers: response.headers };
    };
    const created = async (route: string, body: unknown) => {
      const response = await call('POST', route, body);
      if (response.status !== 201) throw new Error(`POST ${route}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    /** The assignee's SLA notifications about the case, read as the assignee sees them. */
    const notifications = async (caseId: string) => {
      const session = await call('POST', '/api/session', { email: 'agent@test.local', password: PASSWORD }, {});
      expect(session.status).toBe(200);
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const listed = await call('GET', '/api/notifications', undefined, { cookie });
      return (listed.body.items as { kind: string; caseId: string }[]).filter((n) => n.caseId === caseId).map((n) => n.kind).sort();
    };
    const slaEvents = async (caseId: string) => {
      const audit = await call('GET', `/api/cases/${caseId}/audit`);
      return (audit.body.items as { entityType: string; actorType: string; after: { kind: string; target: string; due_at: string } }[])
        .filter((e) => e.entityType === 'sla_events')
        .map((e) => ({ actor: e.actorType, target: e.after.target, kind: e.after.kind, dueAt: e.after.due_at }));
    };

    const calendar = await created('/api/sla/calendars', { name: 'Round the clock', timezone: 'UTC', weeklyHours: ROUND_THE_CLOCK });
    await created('/api/sla/policies', {
      name: 'One-minute first response',
      calendarId: calendar.id,
      firstResponseMinutes: 1,
      warnPercent: 50,
      warningActions: { notifyAssignee: true },
      breachActions: { notifyAssignee: true },
    });
    const customer = await created('/api/customers', { name: 'Maria Rossi', email: 'maria.rossi@example.com', tier: 'gold', externalRef: 'CRM-RESTART-1' });
    // Opened 36 s ago: warned at 30 s, already due; breached at 60 s, some 24 s from now.
    const opened = await created('/api/cases', {
      customerId: customer.id,
      kind: 'query',
      subject: 'Which descaler suits the kettle?',
      channel: 'email',
      assigneeId: agentId,
      interaction: { channel: 'email', direction: 'inbound', body: 'Which descaler should I use?', occurredAt: new Date(Date.now() - 36_000).toISOString() },
    });
    const dueAt = new Date(Date.parse(opened.openedAt) + 60_000).toISOString();
    expect(opened.sla.clocks).toEqual([expect.objectContaining({ target: 'first_response', state: 'running', dueAt, warnAt: new Date(Date.parse(opened.openedAt) + 30_000).toISOString() })]);

    await until('the warning', async () => (await notifications(opened.id)).includes('sla.warning'), 15_000);
    expect(Date.now()).toBeLessThan(Date.parse(dueAt) - 5_000);
    expect(await server.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    server = await serve(location);
    try {
      await until('the breach', async () => (await notifications(opened.id)).includes('sla.breach'), Date.parse(dueAt) - Date.now() + 15_000);
      // A few more passes of the worker, which must find nothing left to fire.
      await sleep(2_500);
      expect(await notifications(opened.id)).toEqual(['sla.breach', 'sla.warning']);
      expect(await slaEvents(opened.id)).toEqual([
        { actor: 'system', target: 'first_response', kind: 'warning', dueAt },
        { actor: 'system', target: 'first_response', kind: 'breach', dueAt },
      ]);
      const after = await call('GET', `/api/cases/${opened.id}`);
      expect(after.body.sla.clocks).toEqual([expect.objectContaining({ target: 'first_response', state: 'breached', dueAt })]);
    } finally {
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    }
  });
});
