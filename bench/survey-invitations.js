#!/usr/bin/env node
// Open survey invitations for the bench's surveys scenario, written into a migrated SQLite store
// before the server starts, with the link each would carry. Run by bench/run.js on the BUILT
// modules in dist/; prints one line of JSON last.
//
//   AFTERCARE_SECRET=… node bench/survey-invitations.js --db FILE --count N --out PATHS_FILE
//
// Each invitation is as a survey follow-up falling due leaves it (inviteToSurvey): a resolved case
// of a customer, handled by an agent of a team, whose survey follow-up was sent by email; the
// invitation open for 14 days, asking CSAT, NPS and CES in English. Its token is signed as the
// server signs it (signSurveyToken with the key derived from AFTERCARE_SECRET, which the server is
// given too), and PATHS_FILE gets one `/survey/<token>` a line, in random order.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DAY, HOUR, idAt, insertTeamsAndAgents, isoOf, random } from './synthetic.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(pathToFileURL(path.join(ROOT, 'dist', 'server', file)).href);

const { values } = parseArgs({ options: { db: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' } } });
const total = Number(values.count);
const secret = process.env.AFTERCARE_SECRET;
if (!values.db || !values.out || !Number.isInteger(total) || total <= 0 || !secret) {
  console.error('usage: AFTERCARE_SECRET=… node bench/survey-invitations.js --db FILE --count N --out PATHS_FILE');
  process.exit(2);
}

const { surveyLinkKey, signSurveyToken } = await dist('modules/surveys/survey-token.js');
const key = surveyLinkKey(secret);
const started = performance.now();
const db = new Database(values.db);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
const next = random(6_300_000);
const nowMs = Date.now();
const { teams, users } = insertTeamsAndAgents(db, next, nowMs - 90 * DAY, 12);
const statement = (table, columns) => db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
const insertCustomer = statement('customers', ['id', 'name', 'email', 'phone', 'timezone', 'language', 'tier', 'external_ref', 'created_at', 'updated_at']);
const insertCase = statement('cases', ['id', 'number', 'customer_id', 'kind', 'subject', 'priority', 'channel', 'status', 'team_id', 'assignee_id', 'opened_at', 'created_at', 'updated_at']);
const insertFollowUp = statement('follow_ups', ['id', 'customer_id', 'case_id', 'purpose', 'status', 'channel', 'due_at', 'scheduled_for', 'assignee_id', 'attempts', 'created_by', 'created_at', 'updated_at']);
const insertInvitation = statement('survey_invitations', [
  'id', 'customer_id', 'case_id', 'follow_up_id', 'trigger', 'questions_json', 'language', 'agent_id', 'team_id', 'case_channel', 'case_kind', 'expires_at', 'created_at',
]);
const KINDS = ['query', 'complaint', 'return', 'fault'];
const CHANNELS = ['email', 'phone', 'chat', 'web'];

const paths = new Array(total);
const BATCH = 20_000;
for (let from = 0; from < total; from += BATCH) {
  db.transaction(() => {
    for (let i = from; i < Math.min(total, from + BATCH); i++) {
      // Resolved over the last ten days, asked an hour later.
      const resolvedMs = nowMs - 10 * DAY + Math.floor((i / total) * 10 * DAY);
      const openedMs = resolvedMs - 2 * DAY;
      const customerId = idAt('cus', openedMs - 30 * DAY, next);
      insertCustomer.run(customerId, `Survey Customer ${i}`, `survey${i}@example.com`, null, 'Europe/London', 'en', 'standard', `SRV-${i}`, isoOf(openedMs - 30 * DAY), isoOf(openedMs - 30 * DAY));
      const agent = users[i % users.length];
      const kind = KINDS[i % KINDS.length];
      const channel = CHANNELS[(i >> 2) % CHANNELS.length];
      const caseId = idAt('case', openedMs, next);
      insertCase.run(caseId, `S-${100_000 + i}`, customerId, kind, 'Kettle stopped heating', 'normal', channel, 'resolved', agent.teamId, agent.id, isoOf(openedMs), isoOf(openedMs), isoOf(resolvedMs));
      const askedMs = resolvedMs + HOUR;
      const followUpId = idAt('fup', resolvedMs, next);
      insertFollowUp.run(followUpId, customerId, caseId, 'survey', 'sent', 'email', isoOf(askedMs), isoOf(askedMs), agent.id, 1, 'system', isoOf(resolvedMs), isoOf(askedMs));
      const invitationId = idAt('svi', askedMs, next);
      const expiresAt = new Date(askedMs + 14 * DAY).toISOString();
      insertInvitation.run(invitationId, customerId, caseId, followUpId, 'case_resolved', '["csat","nps","ces"]', 'en', agent.id, agent.teamId, channel, kind, expiresAt, isoOf(askedMs));
      paths[i] = `/survey/${signSurveyToken(key, invitationId, expiresAt)}`;
    }
  })();
}
db.close();
// Answered in an order unrelated to when they were sent, as customers do.
for (let i = paths.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [paths[i], paths[j]] = [paths[j], paths[i]];
}
fs.writeFileSync(values.out, paths.join('\n') + '\n');
const cpu = process.cpuUsage();
console.log(JSON.stringify({ invitations: total, teams: teams.length, agents: users.length, seconds: Math.round((performance.now() - started) / 100) / 10, processCpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
