#!/usr/bin/env node
// The bench's baseline: the least a Fastify + better-sqlite3 service can do per request. POST /rows
// inserts one row (shaped like Aftercare's interactions, same pragmas and indexes) from the JSON
// body and answers 201 with it; GET /rows/:id selects one row by primary key. No validation, no
// auth, no transaction, no audit: the ceiling Aftercare is measured against.
//
//   BASELINE_DB=/tmp/baseline.db node bench/baseline-server.js --port 3100 [--host 127.0.0.1]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, db: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 3100);
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const file = values.db ?? process.env.BASELINE_DB;
if (!file) {
  console.error('baseline: give the SQLite file with --db FILE or BASELINE_DB');
  process.exit(2);
}
fs.mkdirSync(path.dirname(file), { recursive: true });

// The same pragmas as Aftercare's store (src/server/platform/db/database.ts).
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec(`
  create table if not exists interactions (
    id text primary key,
    case_id text not null,
    customer_id text not null,
    channel text not null,
    direction text not null,
    author_type text not null,
    author_id text,
    author_name text,
    body text not null,
    occurred_at text not null,
    logged_at text not null
  );
  create index if not exists interactions_case on interactions (case_id, occurred_at);
  create index if not exists interactions_customer on interactions (customer_id, occurred_at);
`);
const insert = db.prepare(`
  insert into interactions (id, case_id, customer_id, channel, direction, author_type, author_id, author_name, body, occurred_at, logged_at)
  values (@id, @case_id, @customer_id, @channel, @direction, @author_type, @author_id, @author_name, @body, @occurred_at, @logged_at)`);
const byId = db.prepare('select * from interactions where id = ?');

const app = Fastify({ logger: false });

app.get('/healthz', async () => ({ status: 'ok' }));

app.post('/rows', async (request, reply) => {
  const body = request.body ?? {};
  const now = new Date().toISOString();
  const row = {
    id: randomUUID(),
    case_id: String(body.caseId ?? 'case_baseline'),
    customer_id: String(body.customerId ?? 'cus_baseline'),
    channel: String(body.channel ?? 'email'),
    direction: String(body.direction ?? 'inbound'),
    author_type: 'api_key',
    author_id: null,
    author_name: 'baseline',
    body: String(body.body ?? ''),
    occurred_at: now,
    logged_at: now,
  };
  insert.run(row);
  return reply.code(201).send(row);
});

app.get('/rows/:id', async (request, reply) => {
  const row = byId.get(request.params.id);
  if (!row) return reply.code(404).send({ error: { code: 'not_found', message: 'no such row' } });
  return row;
});

async function shutdown() {
  await app.close();
  db.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ port, host });
console.log(`baseline listening on http://${host}:${port}/`);
