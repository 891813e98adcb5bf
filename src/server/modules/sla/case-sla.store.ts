import type { CaseSla, SlaActions, SlaClock } from '../../../shared/index.js';
import { PRIORITIES } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import type { CaseRow } from '../../platform/db/schema.js';
import { beforeCommit, type Work } from '../../platform/db/work.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { cancelJob, scheduleJob } from '../../platform/jobs/jobs.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { matchSlaPolicy } from './policy-match.js';
import { computeSlaClocks, nextDue } from './sla-clock.js';
import { slaRules, type SlaRules } from './sla-rules.store.js';

const CHECK_JOB = 'sla.check';
const RESOLVED = new Set(['resolved', 'closed']);
const jobKey = (caseId: string) => `sla:${caseId}`;

// What the clocks are derived from, read on every change to a case: the case with its customer's
// tier in one query, and only the columns of its history the clocks use (not contacts' bodies).
const caseForSla = compiledOnce((db, id: string) =>
  db.selectFrom('cases').leftJoin('customers', 'customers.id', 'cases.customer_id').selectAll('cases').select('customers.tier as customer_tier').where('cases.id', '=', id),
);
const transitionsForSla = compiledOnce((db, caseId: string) =>
  db.selectFrom('case_transitions').select(['to_status', 'at']).where('case_id', '=', caseId).orderBy('id'),
);
const interactionsForSla = compiledOnce((db, caseId: string) =>
  db
    .selectFrom('interactions')
    .select(['direction', 'author_type', 'occurred_at', 'marks_json'])
    .where('case_id', '=', caseId)
    .orderBy('occurred_at')
    .orderBy('logged_at'),
);

type SlaCase = { caseRow: CaseRow; tier: string };

async function slaCase(work: Work, caseId: string): Promise<SlaCase | null> {
  const [row] = await caseForSla(work.tx, caseId);
  if (!row) return null;
  const { customer_tier, ...caseRow } = row;
  return { caseRow, tier: customer_tier ?? 'standard' };
}

/** The case's clocks as they stand at `nowMs`, or null when no SLA policy applies to it. */
async function deriveCaseSla(work: Work, rules: SlaRules, { caseRow, tier }: SlaCase, nowMs: number): Promise<CaseSla | null> {
  const matched = matchSlaPolicy(rules.policies, {
    kind: caseRow.kind,
    priority: caseRow.priority,
    tier,
    channel: caseRow.channel,
    requestingTeamId: caseRow.requesting_team_id,
  });
  if (!matched) return null;
  const calendar = rules.calendars.get(matched.policy.calendarId)!;
  const [transitions, interactions] = await Promise.all([transitionsForSla(work.tx, caseRow.id), interactionsForSla(work.tx, caseRow.id)]);
  const clocks = computeSlaClocks(
    {
      openedAt: caseRow.opened_at,
      status: caseRow.status,
      transitions: transitions.map((t) => ({ toStatus: t.to_status, at: t.at })),
      interactions: interactions.map((i) => ({ direction: i.direction, authorType: i.author_type, occurredAt: i.occurred_at, marks: JSON.parse(i.marks_json) as string[] })),
    },
    matched.policy,
    calendar.compiled,
    nowMs,
  );
  return {
    policyId: matched.policy.id,
    policyName: matched.policy.name,
    matchedBecause: matched.because,
    calendarName: calendar.calendar.name,
    computedAt: new Date(nowMs).toISOString(),
    clocks,
  };
}

type SlaMoment = { target: SlaClock['target']; kind: 'warning' | 'breach'; at: string; dueAt: string };

/** The warnings and breaches of running (or breached) clocks, each with the instant it falls due. */
function moments(sla: CaseSla): SlaMoment[] {
  return sla.clocks.flatMap((clock): SlaMoment[] => {
    if (clock.dueAt === null || (clock.state !== 'running' && clock.state !== 'breached') || clock.stoppedAt !== null) return [];
    const out: SlaMoment[] = [{ target: clock.target, kind: 'breach', at: clock.dueAt, dueAt: clock.dueAt }];
    if (clock.warnAt) out.push({ target: clock.target, kind: 'warning', at: clock.warnAt, dueAt: clock.dueAt });
    return out;
  });
}

async function firedMoments(work: Work, caseId: string): Promise<Set<string>> {
  const rows = await work.tx.selectFrom('sla_events').select(['target', 'kind', 'due_at']).where('case_id', '=', caseId).execute();
  return new Set(rows.map((row) => `${row.target}:${row.kind}:${row.due_at}`));
}
const momentKey = (m: SlaMoment) => `${m.target}:${m.kind}:${m.dueAt}`;

type SlaKeptListener = (work: Work, caseRow: CaseRow, sla: CaseSla | null) => Promise<void>;
const slaKeptListeners: SlaKeptListener[] = [];

/** Calls `listener` in the unit of work each time a case's clocks are kept (derived again, or cleared): for what is counted from them. */
export function onCaseSlaKept(listener: SlaKeptListener): void {
  if (!slaKeptListeners.includes(listener)) slaKeptListeners.push(listener);
}

/**
 * Keeps derived clocks on the case and schedules the durable check for the next warning or
 * breach that has not fired yet (`fired`, when the caller already knows them).
 */
async function keepCaseSla(work: Work, caseRow: CaseRow, sla: CaseSla | null, fired?: ReadonlySet<string>): Promise<void> {
  // No policy applies and none did: nothing to keep, nothing to schedule (a desk without SLAs pays nothing).
  if (sla === null && caseRow.sla_json === null) return;
  // Derived data, recomputed on every change: kept out of the audit log, which has the history it comes from.
  await work.tx
    .updateTable('cases')
    // A resolved case is no longer at risk, even with a first response it never got.
    .set({ sla_policy_id: sla?.policyId ?? null, sla_json: sla ? JSON.stringify(sla) : null, sla_due_at: sla && !RESOLVED.has(caseRow.status) ? nextDue(sla.clocks) : null })
    .where('id', '=', caseRow.id)
    .execute();
  work.markDerivedChange('cases', caseRow.id);
  for (const listener of slaKeptListeners) await listener(work, caseRow, sla);
  const pending = sla ? moments(sla) : [];
  const done = fired ?? (pending.length ? await firedMoments(work, caseRow.id) : new Set<string>());
  const next = pending.filter((m) => !done.has(momentKey(m))).map((m) => m.at).sort()[0];
  if (next) await scheduleJob(work.tx, { kind: CHECK_JOB, key: jobKey(caseRow.id), runAt: next, payload: { caseId: caseRow.id } });
  else if (caseRow.sla_json !== null) await cancelJob(work.tx, jobKey(caseRow.id));
}

/** Derives the cases' clocks from their history and keeps them (see keepCaseSla). */
async function refreshCaseSlas(work: Work, caseIds: readonly string[]): Promise<void> {
  // A unit of work that touched no case pays nothing, not even a look at the rules.
  if (caseIds.length === 0) return;
  const rules = await slaRules(work);
  // Policies are never deleted, so a desk that has none has no clocks to keep or clear.
  if (rules.policies.length === 0) return;
  for (const caseId of caseIds) {
    const found = await slaCase(work, caseId);
    if (found) await keepCaseSla(work, found.caseRow, await deriveCaseSla(work, rules, found, Date.now()));
  }
}

const STEP_UP: Record<string, string> = Object.fromEntries(PRIORITIES.map((p, i) => [p, PRIORITIES[Math.min(i + 1, PRIORITIES.length - 1)]!]));
const TARGET_WORDS: Record<SlaClock['target'], string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/** Carries out a warning's or breach's actions; returns what was done, for the record, and the case after them. */
async function act(work: Work, caseRow: CaseRow, moment: SlaMoment, actions: SlaActions): Promise<{ done: string[]; caseRow: CaseRow }> {
  const done: string[] = [];
  const what = `${moment.kind === 'breach' ? 'SLA breached' : 'SLA at risk'}: ${TARGET_WORDS[moment.target]} of ${caseRow.number}`;
  const body = `${TARGET_WORDS[moment.target]} ${moment.kind === 'breach' ? 'was due' : 'is due'} ${moment.dueAt} — “${caseRow.subject}”`;
  const recipients = new Set<string>();
  if (actions.notifyAssignee && caseRow.assignee_id) recipients.add(caseRow.assignee_id);
  if (actions.notifyTeamLead && caseRow.team_id) {
    const leads = await work.tx
      .selectFrom('users')
      .select('id')
      .where('team_id', '=', caseRow.team_id)
      .where('role', 'in', ['supervisor', 'manager'])
      .where('active', '=', 1)
      .execute();
    for (const lead of leads) recipients.add(lead.id);
  }
  for (const userId of recipients) {
    await insertAudited(work, 'notifications', {
      id: newId('ntf'),
      user_id: userId,
      kind: `sla.${moment.kind}`,
      case_id: caseRow.id,
      title: what,
      body,
      created_at: nowInstant(),
      read_at: null,
    });
    done.push(`notified ${userId}`);
  }
  let patch: Partial<CaseRow> = {};
  if (actions.raisePriority && STEP_UP[caseRow.priority] !== caseRow.priority) patch = { ...patch, priority: STEP_UP[caseRow.priority]! };
  if (actions.reassignTeamId && actions.reassignTeamId !== caseRow.team_id) patch = { ...patch, team_id: actions.reassignTeamId, assignee_id: null };
  if (Object.keys(patch).length === 0) return { done, caseRow };
  const after = await updateAudited(work, 'cases', caseRow, { ...patch, updated_at: nowInstant() });
  if (patch.priority) done.push(`priority raised to ${patch.priority}`);
  if (patch.team_id) done.push(`moved to team ${patch.team_id}, unassigned`);
  return { done, caseRow: after };
}

/**
 * The durable check: fires each warning and breach that has fallen due, once (the event row's
 * unique key and the job's done mark commit with the actions), then schedules the next check.
 */
async function checkCaseSla(work: Work, payload: unknown): Promise<void> {
  const { caseId } = payload as { caseId: string };
  const nowMs = Date.now();
  const rules = await slaRules(work);
  const found = await slaCase(work, caseId);
  if (!found) return;
  const { caseRow } = found;
  const sla = rules.policies.length === 0 ? null : await deriveCaseSla(work, rules, found, nowMs);
  if (!sla) return keepCaseSla(work, caseRow, null);
  const policy = rules.policies.find((p) => p.id === sla.policyId)!;
  const fired = await firedMoments(work, caseId);
  const due = moments(sla)
    .filter((m) => Date.parse(m.at) <= nowMs && !fired.has(momentKey(m)))
    // A breach that is due makes its warning moot: warn only when the breach is still ahead.
    .filter((m, _, all) => m.kind === 'breach' || !all.some((o) => o.kind === 'breach' && o.target === m.target));
  let current = caseRow;
  for (const moment of due) {
    const outcome = await act(work, current, moment, moment.kind === 'breach' ? policy.breachActions : policy.warningActions);
    current = outcome.caseRow;
    await insertAudited(work, 'sla_events', {
      id: newId('sle'),
      case_id: caseId,
      policy_id: policy.id,
      target: moment.target,
      kind: moment.kind,
      due_at: moment.dueAt,
      fired_at: new Date(nowMs).toISOString(),
      actions_json: JSON.stringify(outcome.done),
    });
    fired.add(momentKey(moment));
  }
  // An action that changed the case (priority, team) may change its policy: the unit of work's
  // hook derives its clocks again before commit. Otherwise the clocks derived here still hold.
  if (current === caseRow) await keepCaseSla(work, caseRow, sla, fired);
}

// Every change to a case, its contacts or its lifecycle moves its clocks.
const CASE_PARTS = new Set(['interactions', 'case_transitions']);

beforeCommit(async (work, changes) => {
  const caseIds = new Set<string>();
  for (const change of changes) {
    if (change.entityType === 'cases') caseIds.add(change.entityId);
    else if (CASE_PARTS.has(change.entityType) && typeof change.after.case_id === 'string') caseIds.add(change.after.case_id);
  }
  await refreshCaseSlas(work, [...caseIds]);
});

const RECOMPUTE_JOB = 'sla.recompute';
const RECOMPUTE_BATCH = 200;

/**
 * After a policy or calendar changes, every open case's clocks are derived again, a batch per
 * job, so a large desk is not recomputed in one long transaction.
 */
export async function scheduleSlaRecompute(work: Work): Promise<void> {
  await scheduleJob(work.tx, { kind: RECOMPUTE_JOB, key: 'sla:recompute', runAt: nowInstant(), payload: { after: null } });
}

async function recomputeBatch(work: Work, payload: unknown): Promise<void> {
  const { after } = payload as { after: string | null };
  let select = work.tx.selectFrom('cases').select('id').where('status', '<>', 'closed').orderBy('id').limit(RECOMPUTE_BATCH);
  if (after) select = select.where('id', '>', after);
  const ids = (await select.execute()).map((row) => row.id);
  await refreshCaseSlas(work, ids);
  if (ids.length === RECOMPUTE_BATCH) {
    await scheduleJob(work.tx, { kind: RECOMPUTE_JOB, key: 'sla:recompute', runAt: nowInstant(), payload: { after: ids.at(-1) } });
  }
}

registerJobHandler(CHECK_JOB, checkCaseSla);
registerJobHandler(RECOMPUTE_JOB, recomputeBatch);
