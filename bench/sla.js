#!/usr/bin/env node
// The bench's SLA scenario, run by bench/run.js in a process of its own per part, on the BUILT
// modules in dist/ (npm run bench builds first). Prints one line of JSON with its figures last.
//
//   node bench/sla.js clocks
//     Derives the clocks (due times and states) of 100,000 open cases from synthetic histories with
//     computeSlaClocks: one calendar (Europe/London, weekdays 09:00–17:30, bank holidays), one
//     policy with three targets. Times the whole pass, cold (first) and warm (best of two more).
//
//   node bench/sla.js at-risk --dir DIR
//     Migrates a fresh SQLite store in DIR with the real migrations, bulk-inserts 1,000,000 cases
//     (sla_due_at spread over ±30 days, their customers, teams and agents) in big transactions,
//     then times the at-risk query as GET /api/sla/at-risk runs it (atRiskCases, sla-queries.ts)
//     200 times, alternating with the same SQL on a bare better-sqlite3 connection.
//
//   BENCH_SLA_CASES     cases in the at-risk store (default 1000000)
//   BENCH_SLA_HISTORIES histories in the clock pass (default 100000)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { count, DAY, deferIndexes, FIRST_NAMES, HOUR, idAt, insertTeamsAndAgents, isoOf, LAST_NAMES, migratedForBulkLoad, MINUTE, random, round, summary } from './synthetic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(pathToFileURL(path.join(ROOT, 'dist', 'server', file)).href);

// ---------------------------------------------------------------------------------------------
// Part (a): clocks of open cases from their histories.

/** Bank holidays in England and Wales, substitute days included. */
const UK_BANK_HOLIDAYS = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
];
const DESK_HOURS = [['09:00', '17:30']];
const CALENDAR = {
  timezone: 'Europe/London',
  weeklyHours: { mon: DESK_HOURS, tue: DESK_HOURS, wed: DESK_HOURS, thu: DESK_HOURS, fri: DESK_HOURS, sat: [], sun: [] },
  holidays: UK_BANK_HOLIDAYS,
  closures: [],
};
/** Four business hours to answer, a working day to answer again, five working days to resolve. */
const TERMS = {
  firstResponseMinutes: 240,
  nextResponseMinutes: 510,
  resolutionMinutes: 5 * 510,
  pauseStatuses: ['awaiting_customer'],
  warnPercent: 80,
  warnBeforeMinutes: 60,
};

/**
 * An open case's history as the desk records it: the customer's first message, usually a reply
 * within hours (sometimes a failed call first), a few more rounds of messages and replies, an
 * internal note or two, and the lifecycle moving along with them (acknowledged, investigating,
 * waiting on the customer and back; now and then resolved and reopened).
 */
function syntheticHistory(next, nowMs) {
  // Most open cases are recent; a tail is weeks old.
  const openedMs = nowMs - Math.floor(Math.pow(next(), 3) * 21 * DAY) - MINUTE;
  const iso = (ms) => new Date(ms).toISOString();
  const interactions = [{ direction: 'inbound', authorType: 'api_key', occurredAt: iso(openedMs), marks: [] }];
  const transitions = [];
  let status = 'new';
  let at = openedMs;
  const move = (toStatus, ms) => {
    transitions.push({ toStatus, at: iso(ms) });
    status = toStatus;
  };
  const later = (meanMs) => at + Math.max(MINUTE, Math.floor(-Math.log(1 - next()) * meanMs));

  if (next() < 0.1) {
    const call = later(2 * HOUR);
    if (call < nowMs) {
      interactions.push({ direction: 'outbound', authorType: 'user', occurredAt: iso(call), marks: ['failed_attempt'] });
      at = call;
    }
  }
  const reply = later(next() < 0.8 ? 3 * HOUR : DAY);
  if (reply >= nowMs || next() < 0.15) return { openedAt: iso(openedMs), status, transitions, interactions };
  move('acknowledged', reply - MINUTE);
  interactions.push({ direction: 'outbound', authorType: 'user', occurredAt: iso(reply), marks: next() < 0.5 ? ['apology'] : [] });
  at = reply;

  const rounds = Math.floor(next() * 4);
  for (let round = 0; round < rounds; round++) {
    if (status === 'acknowledged' || (status === 'awaiting_customer' && next() < 0.5)) {
      const investigate = later(4 * HOUR);
      if (investigate >= nowMs) break;
      move('investigating', investigate);
      at = investigate;
    }
    if (next() < 0.3) {
      const note = later(2 * HOUR);
      if (note < nowMs) interactions.push({ direction: 'internal', authorType: 'user', occurredAt: iso(note), marks: [] });
    }
    if (status === 'investigating' && next() < 0.4) {
      const wait = later(6 * HOUR);
      if (wait >= nowMs) break;
      move('awaiting_customer', wait);
      at = wait;
    }
    const message = later(DAY);
    if (message >= nowMs) break;
    interactions.push({ direction: 'inbound', authorType: 'api_key', occurredAt: iso(message), marks: [] });
    at = message;
    if (status === 'awaiting_customer') move('investigating', message);
    const answer = later(5 * HOUR);
    if (answer >= nowMs || next() < 0.2) break;
    interactions.push({ direction: 'outbound', authorType: 'user', occurredAt: iso(answer), marks: [] });
    at = answer;
  }
  if (next() < 0.04) {
    // Resolved, then the customer came back: reopened.
    const resolved = later(DAY);
    const reopened = resolved + Math.floor(next() * 2 * DAY);
    if (reopened < nowMs) {
      move('resolved', resolved);
      move('investigating', reopened);
      interactions.push({ direction: 'inbound', authorType: 'api_key', occurredAt: iso(reopened), marks: [] });
    }
  }
  return { openedAt: iso(openedMs), status, transitions, interactions };
}

async function clocksPart() {
  const histories = count('BENCH_SLA_HISTORIES', 100_000);
  const { compileCalendar } = await dist('modules/sla/business-time.js');
  const { computeSlaClocks, nextDue } = await dist('modules/sla/sla-clock.js');
  const nowMs = Date.now();
  const next = random(20261126);
  const cases = Array.from({ length: histories }, () => syntheticHistory(next, nowMs));
  const contacts = cases.reduce((sum, c) => sum + c.interactions.length, 0);
  const moves = cases.reduce((sum, c) => sum + c.transitions.length, 0);

  const pass = () => {
    // Compiled as the server does, once per stored calendar (the compiled form caches its openings).
    const calendar = compileCalendar(CALENDAR);
    const states = { first_response: {}, next_response: {}, resolution: {} };
    let withDue = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (const history of cases) {
      const clocks = computeSlaClocks(history, TERMS, calendar, nowMs);
      if (nextDue(clocks) !== null) withDue++;
      for (const clock of clocks) states[clock.target][clock.state] = (states[clock.target][clock.state] ?? 0) + 1;
    }
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, states, withDue };
  };
  const cold = pass();
  const warm = [pass(), pass()].sort((a, b) => a.ms - b.ms)[0];
  return {
    part: 'clocks',
    cases: histories,
    interactionsPerCase: round(contacts / histories, 2),
    transitionsPerCase: round(moves / histories, 2),
    calendar: 'Europe/London, Mon–Fri 09:00–17:30, England and Wales bank holidays 2025–2027',
    terms: TERMS,
    coldMs: round(cold.ms, 1),
    warmMs: round(warm.ms, 1),
    // CPU of the whole process (GC threads included) during the pass: near the wall time on a quiet machine.
    coldCpuMs: round(cold.cpuMs, 1),
    warmCpuMs: round(warm.cpuMs, 1),
    perCaseUs: round((cold.ms * 1000) / histories, 2),
    withDue: cold.withDue,
    states: cold.states,
  };
}

// ---------------------------------------------------------------------------------------------
// Part (b): the at-risk query over a million cases.

const SUBJECTS = ['Parcel not delivered', 'Kettle leaks from the base', 'Charged twice for one order', 'Wrong size sent', 'Refund not received', 'Item arrived damaged', 'Cannot log in to my account', 'Missing part in the box'];
const KINDS = ['query', 'complaint', 'return', 'fault', 'complaint', 'query'];
const CHANNELS = ['email', 'phone', 'chat', 'web', 'email'];
const PRIORITIES = ['normal', 'normal', 'normal', 'high', 'low', 'urgent'];
const OPEN_STATUSES = ['new', 'acknowledged', 'investigating', 'investigating', 'awaiting_customer', 'resolution_proposed'];

/** The clocks a case keeps, as refreshCaseSla stores them (JSON.stringify of a CaseSla), around its next due time. */
function slaJson(policyId, openedMs, dueMs, computedMs) {
  const opened = isoOf(openedMs);
  return (
    `{"policyId":"${policyId}","policyName":"Standard support","matchedBecause":"first policy in order to match (2 before it did not); applies to every case",` +
    `"calendarName":"UK support desk","computedAt":"${isoOf(computedMs)}","clocks":[` +
    `{"target":"first_response","targetMinutes":240,"state":"met","startedAt":"${opened}","dueAt":"${isoOf(openedMs + 4 * HOUR)}","warnAt":null,"stoppedAt":"${isoOf(openedMs + 2 * HOUR)}","businessMinutesUsed":120},` +
    '{"target":"next_response","targetMinutes":510,"state":"idle","startedAt":null,"dueAt":null,"warnAt":null,"stoppedAt":null,"businessMinutesUsed":0},' +
    `{"target":"resolution","targetMinutes":2550,"state":"${dueMs < computedMs ? 'breached' : 'running'}","startedAt":"${opened}","dueAt":"${isoOf(dueMs)}","warnAt":"${isoOf(dueMs - 8 * HOUR)}","stoppedAt":null,"businessMinutesUsed":1234.5}]}`
  );
}

async function buildStore(file, total) {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const db = await migratedForBulkLoad(dist, file, Database);
  const next = random(1_000_000);
  const nowMs = Date.now();
  const iso = isoOf;

  const { teams, users } = insertTeamsAndAgents(db, next, nowMs - 400 * DAY, 60);
  const policyId = idAt('slp', nowMs - 398 * DAY, next);

  // A customer for every four cases, created over the last two years.
  const customerCount = Math.ceil(total / 4);
  const customerIds = new Array(customerCount);
  const insertCustomer = db.prepare(
    "insert into customers (id, name, email, phone, timezone, language, tier, external_ref, created_at, updated_at) values (?, ?, ?, null, 'Europe/London', 'en', ?, ?, ?, ?)",
  );
  const BATCH = 50_000;
  const customerStart = nowMs - 730 * DAY;
  for (let from = 0; from < customerCount; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(customerCount, from + BATCH); i++) {
        const at = customerStart + Math.floor((i / customerCount) * 700 * DAY);
        const id = idAt('cus', at, next);
        customerIds[i] = id;
        const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i >> 4) % LAST_NAMES.length]}`;
        insertCustomer.run(id, name, `customer${i}@example.com`, i % 10 === 0 ? 'gold' : 'standard', `CRM-${i}`, iso(at), iso(at));
      }
    })();
  }
  const customersMs = performance.now() - started;

  // The other indexes of cases are built after the load (a sort, many times faster than a million
  // inserts into each), from the very statements the migrations ran; cases_sla_due, which the query
  // reads, takes every insert, so its pages are as fragmented as a live desk's.
  const buildLaterIndexes = deferIndexes(db, ['cases'], ['cases_sla_due']);

  // The cases, opened over the last 60 days in id order, each due within ±30 days of now.
  const insertCase = db.prepare(`insert into cases (id, number, customer_id, transaction_id, kind, subject, priority, channel, status, team_id, assignee_id,
      opened_at, created_at, updated_at, requesting_team_id, sla_policy_id, sla_json, sla_due_at)
    values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?)`);
  const caseStart = nowMs - 60 * DAY;
  for (let from = 0; from < total; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const openedMs = caseStart + Math.floor((i / total) * 59 * DAY);
        const dueMs = nowMs - 30 * DAY + Math.floor(next() * 60 * DAY);
        const user = next() < 0.8 ? users[Math.floor(next() * users.length)] : null;
        const teamId = user ? user.teamId : teams[Math.floor(next() * teams.length)].id;
        insertCase.run(
          idAt('case', openedMs, next),
          `C-${100_000 + i}`,
          customerIds[Math.floor(next() * customerCount)],
          KINDS[i % KINDS.length],
          SUBJECTS[Math.floor(next() * SUBJECTS.length)],
          PRIORITIES[Math.floor(next() * PRIORITIES.length)],
          CHANNELS[i % CHANNELS.length],
          OPEN_STATUSES[Math.floor(next() * OPEN_STATUSES.length)],
          teamId,
          user ? user.id : null,
          iso(openedMs),
          iso(openedMs),
          iso(openedMs + HOUR),
          policyId,
          slaJson(policyId, openedMs, dueMs, nowMs - Math.floor(next() * HOUR)),
          iso(dueMs),
        );
      }
    })();
  }
  buildLaterIndexes();
  const casesMs = performance.now() - started - customersMs;
  // Back to the server's journal for the measurement.
  db.pragma('journal_mode = WAL');
  db.close();
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    buildMs: performance.now() - started,
    customersMs,
    casesMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    customers: customerCount,
    fileMb: Math.round(fs.statSync(file).size / 1048576),
  };
}

async function atRiskPart(dir, runs = 200, warmup = 20) {
  const total = count('BENCH_SLA_CASES', 1_000_000);
  const file = path.join(dir, 'sla-at-risk.db');
  const built = await buildStore(file, total);

  const { openStore } = await dist('platform/db/database.js');
  const { atRiskCases, atRiskQuery } = await dist('modules/sla/sla-queries.js');
  const store = openStore({ engine: 'sqlite', file });
  // The same SQL, run on a bare connection with the server's pragmas.
  const raw = new Database(file, { readonly: false });
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const HORIZON_STAND_IN = '\u0000horizon';
  const compiled = atRiskQuery(store.db, HORIZON_STAND_IN, 100).compile();
  const statement = raw.prepare(compiled.sql);
  const rawParameters = (horizon) => compiled.parameters.map((value) => (value === HORIZON_STAND_IN ? horizon : value));
  const plan = raw.prepare(`explain query plan ${compiled.sql}`).all(...rawParameters(new Date().toISOString())).map((row) => row.detail);

  // As the route: the horizon is now + 240 minutes (its default), 100 cases (its default).
  const horizon = () => new Date(Date.now() + 240 * MINUTE).toISOString();
  const ours = [];
  const bare = [];
  let returned = 0;
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    const order = i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
    for (const which of order) {
      const started = performance.now();
      if (which === 'ours') {
        const items = await atRiskCases(store.db, horizon(), 100);
        const ms = performance.now() - started;
        if (i >= warmup) ours.push(ms);
        returned = items.length;
      } else {
        statement.all(...rawParameters(horizon()));
        const ms = performance.now() - started;
        if (i >= warmup) bare.push(ms);
      }
    }
  }
  await store.close();
  raw.close();

  const oursFigures = summary(ours);
  const bareFigures = summary(bare);
  return {
    part: 'at-risk',
    cases: total,
    customers: built.customers,
    fileMb: built.fileMb,
    buildSeconds: round(built.buildMs / 1000, 1),
    buildCustomersSeconds: round(built.customersMs / 1000, 1),
    buildCasesSeconds: round(built.casesMs / 1000, 1),
    buildCpuSeconds: round(built.cpuMs / 1000, 1),
    runs,
    warmupRuns: warmup,
    returned,
    sql: compiled.sql,
    plan,
    aftercare: oursFigures,
    bare: bareFigures,
    ratioP50: round(oursFigures.p50 / bareFigures.p50, 2),
    ratioP95: round(oursFigures.p95 / bareFigures.p95, 2),
  };
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' } } });
const part = positionals[0];
/** The figures, with the CPU this whole process used (bench/run.js works out what others used meanwhile). */
const print = (figures) => {
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ...figures, processCpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
};
if (part === 'clocks') print(await clocksPart());
else if (part === 'at-risk') {
  if (!values.dir) throw new Error('at-risk needs --dir DIR for its SQLite file');
  print(await atRiskPart(values.dir));
} else {
  console.error('usage: node bench/sla.js clocks | at-risk --dir DIR');
  process.exit(2);
}
