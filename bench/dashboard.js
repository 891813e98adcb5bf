#!/usr/bin/env node
// The bench's dashboard scenario, run by bench/run.js in a process of its own, on the BUILT modules
// in dist/ (npm run bench builds first). Prints one line of JSON with its figures last.
//
//   node bench/dashboard.js --dir DIR
//
// Migrates a fresh SQLite store in DIR with the real migrations and bulk-loads two years of a busy
// desk: 1,000,000 cases (growing by half over the two years, office hours, six kinds, five
// channels, six teams of ten agents), 5,000,000 interactions (the customer's messages and calls,
// replies, automatic acknowledgements, internal notes, calls logged late by agents), their status
// changes (acknowledged, investigating, awaiting the customer, resolved, closed; some reopened and
// resolved again), the SLA clocks each case keeps (sla_json, as refreshCaseSla writes it), orders
// (those the cases are about and others), follow-ups after resolution (email ones with their sent
// message, calls; some skipped, cancelled or late) and 300,000 survey responses with their
// invitations. The KPI facts the dashboard reads (migration 0007) are then derived from all that by
// the application's own rebuild (rebuildKpiFactsBatch, as the `kpi.rebuild` job runs it after an
// upgrade; a running desk keeps them in each unit of work instead), and timed apart from the load.
// Then times "all KPIs for one quarter" as GET /api/analytics/kpis computes them
// (kpiReport, kpi.store.ts, on a store opened as the server opens it) over every quarter of the two
// years, with no filter, one team and one agent in turn, and profiles the report of two quarters
// (the oldest and the last whole one): the time, rows and plan of each query kpiReport runs.
//
//   BENCH_DASHBOARD_CASES         cases (default 1000000)
//   BENCH_DASHBOARD_INTERACTIONS  interactions, about (default 5000000)
//   BENCH_DASHBOARD_RESPONSES     survey responses, about (default 300000)
//   BENCH_DASHBOARD_ORDERS        orders, at least one per case about an order (default 2000000)
//   BENCH_DASHBOARD_RUNS          timed reports (default 120, after one warm-up report per quarter)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { count, DAY, deferIndexes, FIRST_NAMES, HOUR, idAt, insertTeamsAndAgents, isoOf, LAST_NAMES, migratedForBulkLoad, MINUTE, random, round, summary } from './synthetic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(pathToFileURL(path.join(ROOT, 'dist', 'server', file)).href);

const CASES = count('BENCH_DASHBOARD_CASES', 1_000_000);
const INTERACTIONS = count('BENCH_DASHBOARD_INTERACTIONS', 5 * CASES);
const RESPONSES = count('BENCH_DASHBOARD_RESPONSES', Math.round(0.3 * CASES));
const ORDERS = count('BENCH_DASHBOARD_ORDERS', 2 * CASES);
const RUNS = count('BENCH_DASHBOARD_RUNS', 120);
const AGENTS = 60;
const YEARS_MS = 730 * DAY;
const BATCH = 20_000;

// ---------------------------------------------------------------------------------------------
// The desk's habits.

const KINDS = [
  ['query', 0.34],
  ['complaint', 0.22],
  ['return', 0.16],
  ['fault', 0.16],
  ['feedback', 0.07],
  ['check-in', 0.05],
];
const CHANNELS = [
  ['email', 0.42],
  ['phone', 0.22],
  ['chat', 0.18],
  ['web', 0.14],
  ['sms', 0.04],
];
const PRIORITIES = [
  ['normal', 0.7],
  ['high', 0.15],
  ['low', 0.1],
  ['urgent', 0.05],
];
const CSAT = [0.06, 0.06, 0.12, 0.31, 0.45];
const NPS = [0.03, 0.02, 0.02, 0.03, 0.04, 0.06, 0.07, 0.12, 0.17, 0.2, 0.24];
const CES = [0.04, 0.05, 0.08, 0.13, 0.2, 0.25, 0.25];
const SKIP_REASONS = ['opted_out: the customer asked for no more messages', 'no_consent: no consent for email', 'frequency_cap: 3 messages in 30 days', 'quiet_hours: until 08:00'];
const SUBJECTS = ['Parcel not delivered', 'Kettle leaks from the base', 'Charged twice for one order', 'Wrong size sent', 'Refund not received', 'Item arrived damaged', 'Cannot log in to my account', 'Missing part in the box'];
const INBOUND = [
  'Hello, my order arrived yesterday but the box was crushed and the glass jug is cracked. Can you send a replacement? I still have the packaging.',
  'I was charged twice for the same order according to my bank statement. Please refund the second payment as soon as possible.',
  'The tracking page has said "out for delivery" for four days now and nothing has arrived. Where is my parcel?',
  'Thanks for the quick answer. I tried what you suggested and it still does not switch on. What are my options now?',
  'I sent the return back two weeks ago (tracking attached) but I have not seen the refund yet.',
  'Could you tell me whether the spare filter fits the older model? The manual does not say.',
];
const OUTBOUND = [
  'Thank you for letting us know, and sorry the jug arrived broken. I have arranged a replacement, which will reach you within three working days; there is no need to send the damaged one back.',
  'I can see the duplicate payment and have refunded it today. Depending on your bank it takes three to five working days to appear on your statement.',
  'I am sorry for the wait. The courier has confirmed the parcel was misrouted; it is back on its way and should arrive tomorrow. I will keep an eye on it for you.',
  'Thanks for trying that. As the kettle is under guarantee we will replace it: a courier will collect the faulty one when the new one is delivered.',
];
const NOTES = ['Checked with the warehouse: stock available, replacement approved.', 'Courier claim opened, reference attached.', 'Customer prefers a call after 17:00.'];
const ACK = 'We have received your message and will reply within four working hours. Your case number is in the subject line.';
const COMMENTS = [
  'Quick and friendly help, thank you.',
  'It took three emails to get an answer, but the replacement was fine.',
  'Nobody called me back when promised.',
  'Very helpful agent, problem solved the same day.',
  'The refund took far too long.',
  'Good service overall.',
];

function picker(weights, next) {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let roll = next() * total;
    for (const [value, weight] of weights) if ((roll -= weight) < 0) return value;
    return weights.at(-1)[0];
  };
}

function scorePicker(probabilities, first, next) {
  return picker(
    probabilities.map((p, i) => [first + i, p]),
    next,
  );
}

// ---------------------------------------------------------------------------------------------
// The store.

const SLA_PREFIX = (policyId) =>
  `{"policyId":"${policyId}","policyName":"Standard support","matchedBecause":"first policy in order to match (2 before it did not); applies to every case","calendarName":"UK support desk",`;

/** A clock as the SLA module keeps it; wall time stands in for business time (about a third of it). */
function clockJson(target, targetMinutes, state, startedMs, dueMs, stoppedMs, usedMinutes) {
  const at = (ms) => (ms === null ? 'null' : `"${isoOf(ms)}"`);
  return (
    `{"target":"${target}","targetMinutes":${targetMinutes},"state":"${state}","startedAt":${at(startedMs)},"dueAt":${at(dueMs)},` +
    `"warnAt":${at(dueMs === null ? null : dueMs - HOUR)},"stoppedAt":${at(stoppedMs)},"businessMinutesUsed":${usedMinutes}}`
  );
}
const businessMinutes = (ms) => Math.round((ms / MINUTE) * 0.35 * 10) / 10;

async function buildStore(file) {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const db = await migratedForBulkLoad(dist, file, Database);
  db.pragma('cache_size = -4194304');
  // A case's rows are written as its history is replayed, before the case row that sums it up.
  db.pragma('foreign_keys = OFF');
  const next = random(20261126);
  const nowMs = Date.now();
  const startMs = nowMs - YEARS_MS;
  const iso = isoOf;
  const { teams, users } = insertTeamsAndAgents(db, next, startMs - 30 * DAY, AGENTS);
  const policyId = idAt('slp', startMs - 20 * DAY, next);

  const rebuildIndexes = deferIndexes(db, ['customers', 'transactions', 'cases', 'interactions', 'case_transitions', 'follow_ups', 'outbound_messages', 'survey_invitations', 'survey_responses']);
  const statement = (table, columns) => db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const insert = {
    customer: statement('customers', ['id', 'name', 'email', 'phone', 'timezone', 'language', 'tier', 'external_ref', 'created_at', 'updated_at']),
    order: statement('transactions', ['id', 'external_id', 'customer_id', 'line_items_json', 'total_minor', 'currency', 'status', 'purchased_at', 'delivered_at', 'created_at', 'updated_at']),
    case: statement('cases', [
      'id', 'number', 'customer_id', 'transaction_id', 'kind', 'subject', 'priority', 'channel', 'status', 'team_id', 'assignee_id',
      'opened_at', 'created_at', 'updated_at', 'sla_policy_id', 'sla_json', 'sla_due_at',
    ]),
    interaction: statement('interactions', ['id', 'case_id', 'customer_id', 'channel', 'direction', 'author_type', 'author_id', 'author_name', 'body', 'occurred_at', 'logged_at', 'marks_json']),
    transition: statement('case_transitions', ['id', 'case_id', 'event', 'from_status', 'to_status', 'reason', 'actor_type', 'actor_id', 'actor_name', 'at']),
    followUp: statement('follow_ups', [
      'id', 'customer_id', 'case_id', 'transaction_id', 'rule_id', 'purpose', 'status', 'channel', 'due_at', 'scheduled_for', 'assignee_id',
      'attempts', 'outcome', 'skip_reason', 'created_by', 'created_at', 'updated_at', 'done_at',
    ]),
    message: statement('outbound_messages', [
      'id', 'channel', 'purpose', 'customer_id', 'case_id', 'follow_up_id', 'recipient', 'subject', 'body_text', 'headers_json', 'message_id',
      'state', 'attempts', 'next_attempt_at', 'provider_ref', 'created_at', 'updated_at', 'sent_at',
    ]),
    invitation: statement('survey_invitations', [
      'id', 'customer_id', 'case_id', 'transaction_id', 'trigger', 'questions_json', 'language', 'agent_id', 'team_id', 'case_channel', 'case_kind', 'expires_at', 'created_at', 'answered_at',
    ]),
    response: statement('survey_responses', [
      'id', 'invitation_id', 'customer_id', 'case_id', 'csat', 'nps', 'ces', 'comment', 'sentiment', 'language', 'agent_id', 'team_id', 'case_channel', 'case_kind', 'submitted_at',
    ]),
  };
  const rows = { customers: 0, orders: 0, cases: 0, interactions: 0, transitions: 0, followUps: 0, messages: 0, invitations: 0, responses: 0, openCases: 0, reopened: 0 };

  // Customers, joining over the two years; a case's customer is one who had joined by then.
  const customerCount = Math.ceil(CASES / 4);
  const customerIds = new Array(customerCount);
  for (let from = 0; from < customerCount; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(customerCount, from + BATCH); i++) {
        const at = startMs - 60 * DAY + Math.floor((i / customerCount) * (YEARS_MS + 50 * DAY));
        const id = idAt('cus', at, next);
        customerIds[i] = id;
        insert.customer.run(id, `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i >> 4) % LAST_NAMES.length]}`, `customer${i}@example.com`, null, 'Europe/London', 'en', i % 10 === 0 ? 'gold' : 'standard', `CRM-${i}`, iso(at), iso(at));
      }
    })();
  }
  rows.customers = customerCount;
  const customerJoinedBy = (ms) => customerIds[Math.floor(next() * Math.max(1, Math.min(customerCount, Math.ceil(((ms - startMs + 60 * DAY) / (YEARS_MS + 50 * DAY)) * customerCount))))];

  const LINE_ITEMS = '[{"sku":"KTL-200","description":"Electric kettle 1.7 l","quantity":1,"unitPriceMinor":4999}]';
  const order = (customerId, placedMs) => {
    const id = idAt('txn', placedMs, next);
    const delivered = placedMs + 2 * DAY + Math.floor(next() * 3 * DAY);
    insert.order.run(id, `ORD-${100_000 + rows.orders}`, customerId, LINE_ITEMS, 4999, 'EUR', delivered < nowMs ? 'delivered' : 'shipped', iso(placedMs), delivered < nowMs ? iso(delivered) : null, iso(placedMs), iso(Math.min(delivered, nowMs)));
    rows.orders++;
    return id;
  };

  const kindOf = picker(KINDS, next);
  const channelOf = picker(CHANNELS, next);
  const priorityOf = picker(PRIORITIES, next);
  const csatOf = scorePicker(CSAT, 1, next);
  const npsOf = scorePicker(NPS, 0, next);
  const cesOf = scorePicker(CES, 1, next);
  const exp = (meanMs) => Math.floor(-Math.log(1 - next()) * meanMs);
  // More rounds of messages make the interactions come to about INTERACTIONS in all.
  const continueRound = Math.min(0.95, Math.max(0, 1 - (0.68 * 2.25) / Math.max(0.1, INTERACTIONS / CASES - 2.3)));
  const answerRate = Math.min(1, RESPONSES / (0.97 * CASES));
  // Growth: the desk opens half as many cases again at the end of the two years as at the start.
  const openedAtFraction = (u) => ((-1 + Math.sqrt(1 + 4 * 0.25 * 1.25 * u)) / (2 * 0.25)) * YEARS_MS;
  const recent = []; // the last cases, for the customers who come back about the same order

  for (let from = 0; from < CASES; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(CASES, from + BATCH); i++) {
        const base = startMs + Math.floor(openedAtFraction(i / CASES));
        // Office hours mostly: 08:00–19:00 UTC on the day the case falls on.
        const dayStart = base - (base % DAY);
        const openedMs = next() < 0.85 ? dayStart + 8 * HOUR + Math.floor(next() * 11 * HOUR) : base;
        const kind = kindOf();
        const channel = channelOf();
        const agent = next() < 0.92 ? users[Math.floor(next() * users.length)] : null;
        const teamId = agent ? agent.teamId : teams[Math.floor(next() * teams.length)].id;
        let customerId;
        let transactionId = null;
        const again = recent.length > 0 && next() < 0.05 ? recent[Math.floor(next() * recent.length)] : null;
        if (again) ({ customerId, transactionId } = again);
        else {
          customerId = customerJoinedBy(openedMs);
          if (next() < 0.85) transactionId = order(customerId, openedMs - 2 * DAY - exp(8 * DAY));
        }
        if (transactionId) {
          recent.push({ customerId, transactionId });
          if (recent.length > 2000) recent.shift();
        }
        const caseId = idAt('case', openedMs, next);
        const people = agent ?? users[Math.floor(next() * users.length)];
        const events = []; // [ms, kind, ...] in time order, cut at now
        const loggedByPeople = channel === 'phone';

        // The conversation: the customer's first contact, an automatic acknowledgement for
        // written channels, the first reply, and for most cases more rounds of messages.
        let at = openedMs;
        events.push([at, 'interaction', 'inbound']);
        if ((channel === 'email' || channel === 'web') && next() < 0.6) events.push([at + MINUTE, 'interaction', 'ack']);
        const firstReplyMs = at + 10 * MINUTE + exp(next() < 0.85 ? 3 * HOUR : 18 * HOUR);
        at = firstReplyMs;
        events.push([at, 'transition', 'acknowledge']);
        const failedCall = channel === 'phone' && next() < 0.1;
        if (failedCall) events.push([at - 30 * MINUTE, 'interaction', 'failed']);
        events.push([at, 'interaction', 'reply']);
        const oneTouch = next() < 0.32;
        if (!oneTouch) {
          events.push([at + 10 * MINUTE, 'transition', 'start_investigation']);
          do {
            if (next() < 0.25) events.push([at + exp(2 * HOUR), 'interaction', 'note']);
            at += 30 * MINUTE + exp(DAY);
            events.push([at, 'interaction', 'inbound']);
            at += 10 * MINUTE + exp(5 * HOUR);
            events.push([at, 'interaction', 'reply']);
          } while (next() < continueRound);
        }
        events.push([at + MINUTE, 'transition', 'await_customer']);
        let resolvedMs = at + 2 * HOUR + exp(DAY);
        events.push([resolvedMs, 'transition', next() < 0.85 ? 'customer_confirmed' : 'customer_unreachable']);
        const firstResolvedMs = resolvedMs;
        let closedMs = resolvedMs + 7 * DAY;
        const reopened = next() < 0.06;
        if (reopened) {
          const reopenMs = resolvedMs + HOUR + exp(4 * DAY);
          events.push([reopenMs, 'transition', reopenMs < closedMs ? 'reopen_resolved' : 'reopen_closed']);
          if (reopenMs >= closedMs) events.push([closedMs, 'transition', 'close']);
          events.push([reopenMs, 'interaction', 'inbound']);
          events.push([reopenMs + exp(5 * HOUR), 'interaction', 'reply']);
          const again2 = reopenMs + 6 * HOUR + exp(2 * DAY);
          events.push([again2 - MINUTE, 'transition', 'await_customer']);
          events.push([again2, 'transition', 'customer_confirmed']);
          resolvedMs = again2;
          closedMs = again2 + 7 * DAY;
        }
        events.push([closedMs, 'transition', 'close']);
        events.sort((a, b) => a[0] - b[0]);

        // What has happened by now.
        let status = 'new';
        let updatedMs = openedMs;
        let firstHandledMs = null;
        let lastOutboundMs = null;
        let everResolved = false;
        for (const [ms, what, which] of events) {
          if (ms > nowMs) break;
          updatedMs = ms;
          if (what === 'interaction') {
            const direction = which === 'inbound' ? 'inbound' : which === 'note' ? 'internal' : 'outbound';
            const byPerson = which !== 'ack' && (which !== 'inbound' || loggedByPeople);
            const loggedMs = byPerson && loggedByPeople ? ms + (next() < 0.7 ? exp(4 * MINUTE) : exp(90 * MINUTE)) : ms;
            const body = which === 'inbound' ? INBOUND[Math.floor(next() * INBOUND.length)] : which === 'reply' ? OUTBOUND[Math.floor(next() * OUTBOUND.length)] : which === 'ack' ? ACK : which === 'failed' ? 'Called, no answer; left a voicemail.' : NOTES[Math.floor(next() * NOTES.length)];
            const marks = which === 'failed' ? '["failed_attempt"]' : which === 'reply' && next() < 0.3 ? '["apology"]' : '[]';
            const author = byPerson ? ['user', people.id, people.name] : which === 'ack' ? ['system', 'system', 'Aftercare'] : ['customer', customerId, null];
            insert.interaction.run(idAt('int', loggedMs, next), caseId, customerId, channel, direction, author[0], author[1], author[2], body, iso(ms), iso(loggedMs), marks);
            rows.interactions++;
            if (which === 'reply') {
              if (firstHandledMs === null) firstHandledMs = ms;
              lastOutboundMs = ms;
            }
          } else {
            const [event, fromStatus, toStatus] = {
              acknowledge: ['acknowledge', 'new', 'acknowledged'],
              start_investigation: ['start_investigation', 'acknowledged', 'investigating'],
              await_customer: ['await_customer', status, 'awaiting_customer'],
              customer_confirmed: ['customer_confirmed', 'awaiting_customer', 'resolved'],
              customer_unreachable: ['customer_unreachable', 'awaiting_customer', 'resolved'],
              reopen_resolved: ['reopen', 'resolved', 'investigating'],
              reopen_closed: ['reopen', 'closed', 'investigating'],
              close: ['close', 'resolved', 'closed'],
            }[which];
            if (fromStatus !== status) continue; // a close the reopening overtook
            insert.transition.run(idAt('ctr', ms, next), caseId, event, fromStatus, toStatus, event === 'reopen' ? 'Customer wrote back: still not working' : '', 'user', people.id, people.name, iso(ms));
            rows.transitions++;
            status = toStatus;
            if (toStatus === 'resolved') everResolved = true;
          }
        }
        const open = status !== 'resolved' && status !== 'closed';
        if (open) rows.openCases++;
        if (reopened && firstResolvedMs <= nowMs) rows.reopened++;

        // The clocks: first response in 4 working hours (about 8 h of wall time), a resolution in
        // five working days (about 7 days); as refreshCaseSla leaves them now.
        let slaJson = null;
        let slaDueMs = null;
        if (next() < 0.9) {
          const frDue = openedMs + 8 * HOUR;
          const first =
            firstHandledMs === null
              ? clockJson('first_response', 240, 'running', openedMs, frDue, null, businessMinutes(nowMs - openedMs))
              : clockJson('first_response', 240, firstHandledMs <= frDue ? 'met' : 'breached', openedMs, frDue, firstHandledMs, businessMinutes(firstHandledMs - openedMs));
          const nextResponse =
            lastOutboundMs !== null && lastOutboundMs !== firstHandledMs
              ? clockJson('next_response', 510, 'met', lastOutboundMs - 4 * HOUR, lastOutboundMs + 8 * HOUR, lastOutboundMs, businessMinutes(4 * HOUR))
              : clockJson('next_response', 510, 'idle', null, null, null, 0);
          const resDue = openedMs + 7 * DAY;
          const resolution = open
            ? clockJson('resolution', 2550, 'running', openedMs, resDue, null, businessMinutes(nowMs - openedMs))
            : clockJson('resolution', 2550, resolvedMs <= resDue ? 'met' : 'breached', openedMs, resDue, resolvedMs, businessMinutes(resolvedMs - openedMs));
          slaJson = `${SLA_PREFIX(policyId)}"computedAt":"${iso(updatedMs)}","clocks":[${first},${nextResponse},${resolution}]}`;
          if (open) slaDueMs = firstHandledMs === null ? frDue : resDue;
        }
        insert.case.run(
          caseId, `C-${100_000 + i}`, customerId, transactionId, kind, SUBJECTS[Math.floor(next() * SUBJECTS.length)], priorityOf(), channel, status,
          teamId, agent ? agent.id : null, iso(openedMs), iso(openedMs), iso(updatedMs), slaJson ? policyId : null, slaJson, slaDueMs === null ? null : iso(slaDueMs),
        );
        rows.cases++;
        if (!everResolved) continue;

        // A follow-up two days after the first resolution for four cases in ten: email (sent, a few
        // late when the outbox is behind; some skipped or cancelled) or a call (done, often late).
        if (next() < 0.4) {
          const dueMs = firstResolvedMs + 2 * DAY;
          const email = next() < 0.65;
          const followUpId = idAt('fup', firstResolvedMs, next);
          let followUpStatus = 'scheduled';
          let doneMs = null;
          let skip = null;
          let sentMs = null;
          if (dueMs <= nowMs) {
            const roll = next();
            if (roll < 0.02) followUpStatus = 'cancelled';
            else if (roll < 0.09) (followUpStatus = 'skipped'), (skip = SKIP_REASONS[Math.floor(next() * SKIP_REASONS.length)]);
            else if (email) (followUpStatus = 'sent'), (sentMs = dueMs + (next() < 0.95 ? exp(5 * MINUTE) : HOUR + exp(6 * HOUR)));
            else if (roll < 0.14) followUpStatus = 'failed';
            else (followUpStatus = 'done'), (doneMs = dueMs + exp(70 * MINUTE));
            if (sentMs !== null && sentMs > nowMs) (followUpStatus = 'due'), (sentMs = null);
            if (doneMs !== null && doneMs > nowMs) (followUpStatus = 'due'), (doneMs = null);
          }
          const updated = Math.min(nowMs, Math.max(doneMs ?? 0, sentMs ?? 0, firstResolvedMs));
          insert.followUp.run(
            followUpId, customerId, caseId, transactionId, null, email ? 'satisfaction_check' : 'confirm_resolution', followUpStatus, email ? 'email' : 'phone',
            iso(dueMs), iso(dueMs), agent ? agent.id : null, followUpStatus === 'scheduled' ? 0 : 1, doneMs === null ? null : 'reached', skip, 'system',
            iso(firstResolvedMs), iso(updated), doneMs === null ? null : iso(doneMs),
          );
          rows.followUps++;
          if (sentMs !== null) {
            const messageId = idAt('msg', dueMs, next);
            insert.message.run(
              messageId, 'email', 'satisfaction_check', customerId, caseId, followUpId, `customer@example.com`, 'How did we do?', 'Hello, we resolved your case two days ago. Is everything working as it should? Just reply to this message.',
              '{}', `<${messageId}@bench.local>`, 'sent', 1, iso(dueMs), `smtp-${rows.messages}`, iso(dueMs), iso(sentMs), iso(sentMs),
            );
            rows.messages++;
          }
        }

        // The survey, answered by about three customers in ten, a day or two after resolution.
        if (next() < answerRate) {
          const askedMs = firstResolvedMs + HOUR;
          const submittedMs = askedMs + exp(1.5 * DAY);
          if (submittedMs > nowMs) continue;
          const invitationId = idAt('svi', askedMs, next);
          const submitted = iso(submittedMs);
          insert.invitation.run(invitationId, customerId, caseId, transactionId, 'case_resolved', '["csat","nps","ces"]', 'en', agent ? agent.id : null, teamId, channel, kind, iso(askedMs + 14 * DAY), iso(askedMs), submitted);
          const commented = next() < 0.25;
          insert.response.run(
            idAt('svr', submittedMs, next), invitationId, customerId, caseId, csatOf(), next() < 0.9 ? npsOf() : null, next() < 0.8 ? cesOf() : null,
            commented ? COMMENTS[Math.floor(next() * COMMENTS.length)] : null, commented ? round(next() * 2 - 1, 2) : null, 'en', agent ? agent.id : null, teamId, channel, kind, submitted,
          );
          rows.invitations++;
          rows.responses++;
        }
      }
    })();
  }
  const casesMs = performance.now() - started;

  // The orders no case is about, to ORDERS in all, placed over the two years.
  const others = Math.max(0, ORDERS - rows.orders);
  for (let from = 0; from < others; from += BATCH) {
    db.transaction(() => {
      for (let i = from; i < Math.min(others, from + BATCH); i++) {
        const placedMs = startMs + Math.floor(openedAtFraction(next()));
        order(customerJoinedBy(placedMs), placedMs);
      }
    })();
  }
  const loadedMs = performance.now() - started;
  rebuildIndexes();
  const indexesMs = performance.now() - started - loadedMs;
  db.pragma('journal_mode = WAL');
  db.close();
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    nowMs,
    startMs,
    teams,
    users,
    rows,
    buildMs: performance.now() - started,
    casesMs,
    indexesMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    fileMb: Math.round(fs.statSync(file).size / 1048576),
  };
}

// ---------------------------------------------------------------------------------------------
// The measurement.

/** The UTC calendar quarters that begin inside the data's two years, the current one included. */
function quartersOf(startMs, nowMs) {
  const quarters = [];
  const first = new Date(startMs);
  let year = first.getUTCFullYear();
  let month = Math.ceil(first.getUTCMonth() / 3) * 3;
  for (;;) {
    const fromMs = Date.UTC(year, month, 1);
    if (fromMs > nowMs) break;
    const toMs = Date.UTC(year, month + 3, 1);
    const from = new Date(fromMs);
    quarters.push({ label: `${from.getUTCFullYear()}-Q${from.getUTCMonth() / 3 + 1}`, from: from.toISOString(), to: new Date(toMs).toISOString() });
    month += 3;
    if (month >= 12) (month -= 12), (year += 1);
  }
  return quarters;
}

/** The query's shape: `in (?, ?, …)` lists of any length read as one. */
const shapeOf = (sql) => sql.replace(/in \((?:\?, )*\?\)/g, 'in (…)');

/** One report on a bare connection whose Kysely logs every query: the time each kind of query took, and the rest. */
async function profileReport(file, kpiReport, query, nowMs) {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  const timings = new Map();
  const db = new Kysely({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => {
      if (event.level !== 'query') return;
      const shape = shapeOf(event.query.sql);
      const entry = timings.get(shape) ?? { sql: shape, example: event.query, runs: 0, ms: 0 };
      entry.runs++;
      entry.ms += event.queryDurationMillis;
      timings.set(shape, entry);
    },
  });
  const started = performance.now();
  const report = await kpiReport(db, query, nowMs);
  const totalMs = performance.now() - started;
  const queries = [...timings.values()].sort((a, b) => b.ms - a.ms);
  const planOf = (entry) => raw.prepare(`explain query plan ${entry.example.sql}`).all(...entry.example.parameters).map((row) => row.detail);
  const rowsOf = (entry) => raw.prepare(`select count(*) as n from (${entry.example.sql})`).get(...entry.example.parameters).n;
  const queriesMs = queries.reduce((sum, q) => sum + q.ms, 0);
  const described = queries.map((q) => ({ sql: q.sql, runs: q.runs, ms: round(q.ms, 1), rowsOfOneRun: rowsOf(q), plan: planOf(q) }));
  await db.destroy();
  return {
    totalMs: round(totalMs, 1),
    queriesMs: round(queriesMs, 1),
    // Parsing the SLA clocks, counting, and Kysely's own work between the queries.
    restMs: round(totalMs - queriesMs, 1),
    queries: described,
    counts: Object.fromEntries(report.kpis.map((kpi) => [kpi.name, kpi.denominator])),
  };
}

/** Derives every KPI fact of the loaded store with the application's rebuild, a batch per transaction. */
async function buildKpiFacts(openStore, file) {
  const { inTransaction, SYSTEM_ACTOR } = await dist('platform/db/work.js');
  const { rebuildKpiFactsBatch } = await dist('modules/analytics/kpi-facts.store.js');
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const store = openStore({ engine: 'sqlite', file });
  let cursor = { phase: 'cases', after: null };
  while (cursor) cursor = await inTransaction(store, SYSTEM_ACTOR, (work) => rebuildKpiFactsBatch(work, cursor, 5000));
  const counts = Object.fromEntries(
    await Promise.all(
      ['kpi_resolved_cases', 'kpi_sla_targets', 'kpi_logging_lags', 'kpi_follow_ups', 'kpi_buckets'].map(async (table) => [
        table,
        Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      ]),
    ),
  );
  await store.close();
  const cpu = process.cpuUsage(cpuAtStart);
  return { seconds: round((performance.now() - started) / 1000, 1), cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1), rows: counts };
}

async function dashboardPart(dir) {
  const file = path.join(dir, 'dashboard.db');
  const built = await buildStore(file);
  const { openStore } = await dist('platform/db/database.js');
  const facts = await buildKpiFacts(openStore, file);
  const { kpiReport } = await dist('modules/analytics/kpi.store.js');
  const quarters = quartersOf(built.startMs, built.nowMs);
  // Of the busiest team and one of its agents, as a manager would look at them.
  const filters = [
    { label: 'no filter', query: {} },
    { label: 'one team', query: { team: built.teams[0].id } },
    { label: 'one agent', query: { agent: built.users[0].id } },
  ];

  // As the server opens its store; the report as the route calls it (the query already parsed).
  const store = openStore({ engine: 'sqlite', file });
  const runsOf = [];
  for (const quarter of quarters) await kpiReport(store.db, { from: quarter.from, to: quarter.to }, built.nowMs);
  for (let i = 0; i < RUNS; i++) {
    const quarter = quarters[i % quarters.length];
    const filter = filters[Math.floor(i / quarters.length) % filters.length];
    const started = performance.now();
    await kpiReport(store.db, { from: quarter.from, to: quarter.to, ...filter.query }, built.nowMs);
    runsOf.push({ quarter: quarter.label, filter: filter.label, ms: performance.now() - started });
  }
  // Filters outside the target's runs, read through the facts' index by instant: each quarter once.
  const otherFilters = [
    { label: 'one channel (email)', query: { channel: 'email' } },
    { label: 'one kind (complaint)', query: { kind: 'complaint' } },
  ];
  const otherRuns = [];
  for (const filter of otherFilters) {
    for (const quarter of quarters) {
      const started = performance.now();
      await kpiReport(store.db, { from: quarter.from, to: quarter.to, ...filter.query }, built.nowMs);
      otherRuns.push({ filter: filter.label, ms: performance.now() - started });
    }
  }
  await store.close();

  // The oldest quarter (the most cases changed since its start) and the last whole one.
  // The last whole one again with each filter, whose reads go through the dimension indexes.
  const profiles = [];
  for (const quarter of [quarters[0], quarters.at(-2)]) profiles.push({ quarter: quarter.label, filter: 'no filter', ...(await profileReport(file, kpiReport, { from: quarter.from, to: quarter.to }, built.nowMs)) });
  const lastWhole = quarters.at(-2);
  for (const filter of [...filters.slice(1), ...otherFilters]) {
    profiles.push({ quarter: lastWhole.label, filter: filter.label, ...(await profileReport(file, kpiReport, { from: lastWhole.from, to: lastWhole.to, ...filter.query }, built.nowMs)) });
  }
  const by = (key) => Object.fromEntries([...new Set(runsOf.map((r) => r[key]))].map((value) => [value, summary(runsOf.filter((r) => r[key] === value).map((r) => r.ms))]));
  return {
    part: 'dashboard',
    rows: built.rows,
    fileMb: built.fileMb,
    buildSeconds: round(built.buildMs / 1000, 1),
    buildRowsSeconds: round(built.casesMs / 1000, 1),
    buildIndexesSeconds: round(built.indexesMs / 1000, 1),
    buildCpuSeconds: round(built.cpuMs / 1000, 1),
    kpiFacts: facts,
    dataFrom: isoOf(built.startMs),
    dataTo: isoOf(built.nowMs),
    quarters: quarters.map((q) => q.label),
    runs: RUNS,
    warmupRuns: quarters.length,
    aftercare: summary(runsOf.map((r) => r.ms)),
    byQuarter: by('quarter'),
    byFilter: by('filter'),
    otherFilters: Object.fromEntries(otherFilters.map((f) => [f.label, summary(otherRuns.filter((r) => r.filter === f.label).map((r) => r.ms))])),
    profiles,
  };
}

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
if (!values.dir) {
  console.error('usage: node bench/dashboard.js --dir DIR');
  process.exit(2);
}
const figures = await dashboardPart(values.dir);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ...figures, processCpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
