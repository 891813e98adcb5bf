import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CASE_KINDS, CASE_STATUSES, nextCaseStatus, TEMPLATE_VARIABLES, type CaseEvent, type CaseSla, type Role, type SlaClock } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
import type { CaseRow, CaseTransitionRow, InteractionRow, ResolutionRow } from '../../platform/db/schema.js';
import { inTransaction, SYSTEM_ACTOR } from '../../platform/db/work.js';
import { passwordMatches } from '../access/secrets.js';
import { findUserByEmail } from '../access/users.store.js';
import { verifyAuditChain } from '../audit/audit.store.js';
import { guardCaseEvent, laterChecklist, understandingConfirmed } from '../cases/complaint-procedure.js';
import { marksOf, procedureFacts } from '../cases/lifecycle.store.js';
import { procedureSettings } from '../cases/procedure-settings.store.js';
import { createCustomer } from '../customers/customers.store.js';
import { getPolicy, listPolicies } from '../policies/policies.store.js';
import { unknownVariables } from '../policies/template-render.js';
import { listTemplates, renderForCase } from '../policies/templates.store.js';
import { authorityCovers } from '../resolutions/authority.js';
import { limitRules } from '../resolutions/authority-limits.store.js';
import { approvalQueue } from '../resolutions/resolutions.store.js';
import { addBusinessMinutes } from '../sla/business-time.js';
import { matchSlaPolicy } from '../sla/policy-match.js';
import { atRiskCases } from '../sla/sla-queries.js';
import { listCalendars, listSlaPolicies } from '../sla/sla-rules.store.js';
import { ENGINES, openFreshStore } from '../../../../test/support/stores.js';
import { DEMO_PASSWORD, seedDemo } from './demo-data.js';
import { compiledDemoCalendars } from './demo-sla.js';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

const SETTLED = ['resolved', 'closed'];

/** A clock that is past its due time and still counting: what the at-risk queue puts first. */
const overdue = (clock: SlaClock) => clock.state === 'breached' && clock.stoppedAt === null && clock.dueAt !== null;
/** The due time the at-risk queue sorts a case by: its earliest clock still counting. */
function dueOf(sla: CaseSla): string | null {
  const due = sla.clocks.filter((clock) => clock.state === 'running' || overdue(clock)).map((clock) => clock.dueAt!);
  return due.sort()[0] ?? null;
}

/** How the demo's open cases stand against their SLAs when they were written, and its settled ones. */
async function slaMix(db: Store['db']) {
  const rows = await db.selectFrom('cases').select(['number', 'status', 'sla_json']).execute();
  const mix = { overdue: 0, warned: 0, easy: 0, paused: 0, met: 0, breached: 0 };
  for (const row of rows) {
    const sla = JSON.parse(row.sla_json!) as CaseSla;
    const at = Date.parse(sla.computedAt);
    if (SETTLED.includes(row.status)) {
      if (sla.clocks.some((clock) => clock.state === 'breached')) mix.breached++;
      else mix.met++;
    } else if (sla.clocks.some(overdue)) mix.overdue++;
    else if (sla.clocks.some((clock) => clock.state === 'paused')) mix.paused++;
    else if (sla.clocks.some((clock) => clock.state === 'running' && clock.warnAt !== null && Date.parse(clock.warnAt) <= at)) mix.warned++;
    else if (sla.clocks.every((clock) => clock.state !== 'running' || clock.businessMinutesUsed < clock.targetMinutes / 2)) mix.easy++;
  }
  return mix;
}

const opened: Store[] = [];

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

describe.each(ENGINES)('demo data on %s', (engine) => {
  async function emptyStore(): Promise<Store> {
    const { store } = await openFreshStore(engine);
    opened.push(store);
    return store;
  }

  let store: Store;
  let logins: Awaited<ReturnType<typeof seedDemo>>['logins'];
  let seededBy: number;

  beforeAll(async () => {
    store = await emptyStore();
    ({ logins } = await seedDemo(store, { customers: 60 }));
    seededBy = Date.now();
  });

  it('signs the demo agent in with the published password, and has a sign-in for every role', async () => {
    expect(logins).toContainEqual({ email: 'agent@demo.aftercare.local', password: DEMO_PASSWORD, role: 'agent' });
    expect(new Set(logins.map((login) => login.role))).toEqual(new Set(['agent', 'supervisor', 'manager', 'admin', 'auditor']));
    const agent = await findUserByEmail(store.db, 'agent@demo.aftercare.local');
    expect(agent).toMatchObject({ role: 'agent', active: 1 });
    expect(await passwordMatches(agent!.password_hash, 'aftercare-demo')).toBe(true);
  });

  it('has the customers asked for, each with one to three orders', async () => {
    const customers = await store.db.selectFrom('customers').select(['id', 'external_ref']).execute();
    expect(customers).toHaveLength(60);
    expect(customers.map((customer) => customer.external_ref)).toContain('CRM-00001');
    const orders = await store.db.selectFrom('transactions').select('customer_id').execute();
    const perCustomer = new Map<string, number>();
    for (const order of orders) perCustomer.set(order.customer_id, (perCustomer.get(order.customer_id) ?? 0) + 1);
    expect(perCustomer.size).toBe(60);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(3);
  });

  it('dates orders consistently: delivered ones have a delivery, none after now', async () => {
    const orders = await store.db.selectFrom('transactions').selectAll().execute();
    for (const order of orders) {
      expect(Date.parse(order.purchased_at)).toBeLessThanOrEqual(seededBy);
      if (['delivered', 'returned', 'refunded'].includes(order.status)) {
        expect(order.delivered_at, `${order.external_id} is ${order.status}`).not.toBeNull();
        expect(order.delivered_at! >= order.purchased_at).toBe(true);
        expect(Date.parse(order.delivered_at!)).toBeLessThanOrEqual(seededBy);
      } else {
        expect(order.delivered_at, `${order.external_id} is ${order.status}`).toBeNull();
      }
    }
  });

  it('shows a case of every kind in every status', async () => {
    const combinations = await store.db.selectFrom('cases').select(['kind', 'status']).distinct().execute();
    const seen = new Set(combinations.map((row) => `${row.kind}/${row.status}`));
    for (const kind of CASE_KINDS) for (const status of CASE_STATUSES) expect(seen, `${kind}/${status}`).toContain(`${kind}/${status}`);
  });

  it('links cases only to their own customer’s orders, opened after the purchase', async () => {
    const linked = await store.db
      .selectFrom('cases')
      .innerJoin('transactions', 'transactions.id', 'cases.transaction_id')
      .select(['cases.number', 'cases.customer_id', 'cases.opened_at', 'transactions.customer_id as order_customer_id', 'transactions.purchased_at'])
      .execute();
    expect(linked.length).toBeGreaterThan(0);
    for (const row of linked) {
      expect(row.order_customer_id, row.number).toBe(row.customer_id);
      expect(row.opened_at > row.purchased_at, row.number).toBe(true);
    }
  });

  it('gives every case a timeline that starts when it opened and never runs into the future', async () => {
    const cases = await store.db.selectFrom('cases').select(['id', 'number', 'customer_id', 'opened_at', 'created_at']).execute();
    const interactions = await store.db.selectFrom('interactions').selectAll().orderBy('occurred_at').execute();
    for (const c of cases) {
      const timeline = interactions.filter((interaction) => interaction.case_id === c.id);
      expect(timeline.length, c.number).toBeGreaterThanOrEqual(1);
      expect(timeline.length, c.number).toBeLessThanOrEqual(10);
      expect(timeline[0]!.occurred_at, c.number).toBe(c.opened_at);
      expect(timeline[0]!.logged_at, `${c.number} exists once its first contact is logged`).toBe(c.created_at);
      for (const later of timeline.slice(1)) expect(later.occurred_at > c.created_at, c.number).toBe(true);
      for (const interaction of timeline) {
        expect(interaction.customer_id).toBe(c.customer_id);
        expect(interaction.occurred_at >= c.opened_at, c.number).toBe(true);
        expect(interaction.logged_at >= interaction.occurred_at, c.number).toBe(true);
        expect(Date.parse(interaction.logged_at), c.number).toBeLessThanOrEqual(seededBy);
        expect(interaction.body, c.number).not.toMatch(/[{}]/);
      }
    }
  });

  it('numbers cases in the order they were logged, carrying on from the case counter', async () => {
    const cases = await store.db.selectFrom('cases').select(['id', 'number', 'created_at']).orderBy('id').execute();
    expect(cases.map((c) => c.number)).toEqual(cases.map((_, index) => `C-${1001 + index}`));
    const counter = await store.db.selectFrom('counters').select('value').where('name', '=', 'case_number').executeTakeFirstOrThrow();
    expect(Number(counter.value)).toBe(1000 + cases.length);
  });

  it('records every row in an intact audit chain', async () => {
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
    const interactions = await store.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const audited = await store.db
      .selectFrom('audit_events')
      .where('entity_type', '=', 'interactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(Number(interactions.n));
  });

  /** Everything the procedure's rules look at, for every case: its row, contacts, transitions, resolutions. */
  async function desk() {
    const db = store.db;
    const [cases, interactions, transitions, resolutions, users, orders, settings] = await Promise.all([
      db.selectFrom('cases').selectAll().orderBy('id').execute(),
      db.selectFrom('interactions').selectAll().orderBy('id').execute(),
      db.selectFrom('case_transitions').selectAll().orderBy('id').execute(),
      db.selectFrom('resolutions').selectAll().orderBy('id').execute(),
      db.selectFrom('users').selectAll().execute(),
      db.selectFrom('transactions').select(['id', 'total_minor', 'currency']).execute(),
      procedureSettings(db),
    ]);
    const byCase = {
      interactions: groupBy(interactions, (row) => row.case_id),
      transitions: groupBy(transitions, (row) => row.case_id),
      resolutions: groupBy(resolutions, (row) => row.case_id),
    };
    return {
      cases,
      resolutions,
      settings,
      users: new Map(users.map((user) => [user.id, user])),
      orders: new Map(orders.map((order) => [order.id, { totalMinor: Number(order.total_minor), currency: order.currency }])),
      of: (c: CaseRow) => ({
        interactions: byCase.interactions.get(c.id) ?? ([] as InteractionRow[]),
        transitions: byCase.transitions.get(c.id) ?? ([] as CaseTransitionRow[]),
        resolutions: byCase.resolutions.get(c.id) ?? ([] as ResolutionRow[]),
      }),
    };
  }

  it('takes every case from new to its status by legal steps, each allowed by the procedure as it stood then', async () => {
    const { cases, users, settings, of } = await desk();
    for (const c of cases) {
      const { interactions, transitions } = of(c);
      let status = 'new' as CaseRow['status'];
      let previousAt = c.created_at;
      for (const [index, transition] of transitions.entries()) {
        const step = `${c.number} ${c.kind} ${transition.event}`;
        expect(transition.from_status, step).toBe(status);
        const outcome = nextCaseStatus(status as Parameters<typeof nextCaseStatus>[0], transition.event as CaseEvent);
        expect(outcome, step).toEqual({ ok: true, to: transition.to_status });
        // What the guard rails saw then: the contacts logged by then and the status before the step.
        const known = interactions.filter((interaction) => interaction.logged_at <= transition.at);
        const facts = procedureFacts({ ...c, status }, known, [], transitions.slice(0, index), settings);
        expect(guardCaseEvent(transition.event as CaseEvent, facts), step).toBeNull();
        expect(transition.at > previousAt, `${step} after what came before`).toBe(true);
        expect(Date.parse(transition.at), step).toBeLessThanOrEqual(seededBy);
        const actor = users.get(transition.actor_id!);
        expect(transition.actor_type, step).toBe('user');
        expect(actor?.name, step).toBe(transition.actor_name);
        expect(actor?.role, step).not.toBe('auditor');
        expect(transition.reason.length, step).toBeGreaterThan(0);
        status = transition.to_status;
        previousAt = transition.at;
      }
      expect(status, c.number).toBe(c.status);
      expect(c.updated_at >= previousAt, c.number).toBe(true);
    }
  });

  it('resolves a case only on the customer’s confirmation, or after enough failed attempts to reach them', async () => {
    const { cases, settings, of } = await desk();
    const settled = cases.filter((c) => c.status === 'resolved' || c.status === 'closed');
    expect(settled.length).toBeGreaterThan(0);
    let unreachable = 0;
    for (const c of settled) {
      const { interactions, transitions } = of(c);
      const waited = transitions.findLast((t) => t.to_status === 'awaiting_customer')!;
      const resolved = transitions.findLast((t) => t.to_status === 'resolved')!;
      expect(waited, c.number).toBeDefined();
      const since = interactions.filter((i) => i.logged_at >= waited.at && i.logged_at <= resolved.at);
      if (resolved.event === 'customer_unreachable') {
        unreachable++;
        const attempts = since.filter((i) => i.direction === 'outbound' && marksOf(i).includes('failed_attempt'));
        expect(attempts.length, c.number).toBeGreaterThanOrEqual(settings.unreachableAttempts);
      } else {
        expect(resolved.event, c.number).toBe('customer_confirmed');
        expect(since.some((i) => i.direction === 'inbound' && marksOf(i).includes('resolution_confirmed')), c.number).toBe(true);
      }
    }
    expect(unreachable).toBeGreaterThanOrEqual(1);
  });

  it('settles some cases at first contact and reopens a few, as the KPI facts count them', async () => {
    const { cases, of } = await desk();
    const settled = cases.filter((c) => SETTLED.includes(c.status));
    const facts = new Map((await store.db.selectFrom('kpi_resolved_cases').selectAll().execute()).map((fact) => [fact.case_id, fact]));
    expect(facts.size).toBe(settled.length);
    const firstContact = settled.filter((c) => Number(facts.get(c.id)!.first_contact) === 1);
    const reopened = settled.filter((c) => Number(facts.get(c.id)!.reopened) === 1);
    expect(firstContact.length).toBeGreaterThanOrEqual(2);
    expect(firstContact.length).toBeLessThan(settled.length / 2);
    expect(reopened.length).toBeGreaterThanOrEqual(1);
    expect(reopened.length).toBeLessThan(settled.length / 5);
    for (const c of firstContact) {
      // The customer wrote once, one person answered, and the customer confirmed it worked.
      const { interactions } = of(c);
      expect(c.kind, c.number).not.toBe('complaint');
      const inbound = interactions.filter((i) => i.direction === 'inbound' && !marksOf(i).includes('resolution_confirmed'));
      expect(inbound, c.number).toHaveLength(1);
      expect(interactions.filter((i) => i.direction === 'outbound' && i.author_type === 'user'), c.number).toHaveLength(1);
    }
    for (const c of reopened) {
      const { interactions, transitions } = of(c);
      const reopening = transitions.find((t) => t.event === 'reopen')!;
      expect(transitions.filter((t) => t.to_status === 'resolved' && t.at < reopening.at), c.number).toHaveLength(1);
      expect(transitions.at(-1)!.to_status, c.number).toBe(c.status);
      // The customer wrote back after it was resolved, which is why it was reopened.
      const resolved = transitions.find((t) => t.to_status === 'resolved')!;
      expect(interactions.some((i) => i.direction === 'inbound' && i.logged_at > resolved.at && i.logged_at < reopening.at), c.number).toBe(true);
    }
  });

  it('has check-ins from before today, done: messages sent in their slot, calls made with their outcome, most on time', async () => {
    const checkIns = await store.db.selectFrom('follow_ups').selectAll().where('purpose', '=', 'post_purchase_checkin').execute();
    const messages = new Map((await store.db.selectFrom('outbound_messages').selectAll().execute()).map((message) => [message.follow_up_id, message]));
    expect(checkIns.length).toBeGreaterThanOrEqual(10);
    expect(checkIns.some((f) => f.channel === 'phone')).toBe(true);
    for (const f of checkIns) {
      const message = messages.get(f.id);
      if (f.channel === 'phone') expect(f, f.id).toMatchObject({ status: 'done', outcome: 'satisfied', message_id: null });
      else expect([f.status, message?.state, message?.message_id], f.id).toEqual(['sent', 'sent', f.message_id]);
      const doneAt = f.channel === 'phone' ? f.done_at! : message!.sent_at!;
      expect(f.scheduled_for! >= f.due_at && doneAt >= f.scheduled_for!, f.id).toBe(true);
      expect(Date.parse(doneAt), f.id).toBeLessThanOrEqual(seededBy);
    }
    const counted = await store.db
      .selectFrom('kpi_follow_ups')
      .select('outcome')
      .where('follow_up_id', 'in', checkIns.map((f) => f.id))
      .execute();
    expect(counted).toHaveLength(checkIns.length);
    expect(counted.filter((fact) => fact.outcome === 'on_time').length).toBeGreaterThan(0.7 * checkIns.length);
  });

  it('keeps each complaint’s procedure on record as far as its status needs', async () => {
    const { cases, settings, of } = await desk();
    const complaints = cases.filter((c) => c.kind === 'complaint');
    for (const c of complaints) {
      const { interactions, resolutions, transitions } = of(c);
      const facts = procedureFacts(c, interactions, resolutions, transitions, settings);
      const steps = Object.fromEntries(laterChecklist(facts).map((step) => [step.step, step.done]));
      if (!['new', 'acknowledged', 'investigating'].includes(c.status)) {
        expect(c.concern, c.number).toBeTruthy();
        expect(c.restatement, c.number).toBeTruthy();
        expect(c.restatement_at, c.number).toBeTruthy();
        expect(understandingConfirmed(facts), c.number).toBe(true);
        expect(steps.listen, c.number).toBe(true);
      }
      if (c.status === 'resolved' || c.status === 'closed') {
        expect(steps, c.number).toEqual({ listen: true, apologise: true, thank: true, explain: true, resolve: true });
      }
      if (c.status === 'closed') expect(guardCaseEvent('close', { ...facts, status: 'resolved' }), c.number).toBeNull();
      for (const interaction of interactions) {
        const marks = marksOf(interaction);
        if (interaction.direction === 'internal') expect(marks, c.number).toEqual([]);
        if (marks.includes('resolution_confirmed')) expect(interaction.direction, c.number).toBe('inbound');
        if (marks.includes('failed_attempt')) expect(marks, c.number).toEqual(['failed_attempt']);
      }
    }
    // Some are still being worked, with the checklist partly done.
    const open = complaints.filter((c) => ['acknowledged', 'investigating'].includes(c.status));
    expect(open.some((c) => c.concern && !understandingConfirmed(procedureFacts(c, of(c).interactions, [], [], settings)))).toBe(true);
  });

  it('gives each case the resolution its status says, with money that fits its order and a policy then in effect', async () => {
    const { cases, orders, users, of } = await desk();
    const rules = await limitRules(store.db);
    const versions = await store.db.selectFrom('policy_versions').selectAll().execute();
    for (const c of cases) {
      const { resolutions } = of(c);
      const live = resolutions.filter((r) => r.status !== 'rejected' && r.status !== 'declined');
      const expected: Record<string, string[]> = {
        resolution_proposed: ['proposed', 'approved'],
        awaiting_approval: ['pending_approval'],
        awaiting_customer: ['accepted', 'fulfilled'],
        resolved: ['accepted', 'fulfilled'],
        closed: ['accepted', 'fulfilled'],
      };
      if (c.status === 'new' || c.status === 'acknowledged' || c.status === 'investigating') expect(live, c.number).toEqual([]);
      else if (c.status === 'awaiting_customer' && (c.kind === 'feedback' || c.kind === 'check-in')) expect(live, c.number).toEqual([]);
      else {
        expect(live, c.number).toHaveLength(1);
        expect(expected[c.status], c.number).toContain(live[0]!.status);
      }
      for (const r of resolutions) {
        const order = c.transaction_id ? orders.get(c.transaction_id)! : null;
        if (r.amount_minor === null) expect(r.currency, c.number).toBeNull();
        else {
          expect(Number(r.amount_minor), c.number).toBeGreaterThan(0);
          if (order) expect(r.currency, c.number).toBe(order.currency);
        }
        if (['repair', 'explanation_only'].includes(r.type)) expect(r.amount_minor, c.number).toBeNull();
        if (r.type === 'refund_full') expect(Number(r.amount_minor), c.number).toBe(order!.totalMinor);
        if (r.type === 'refund_partial') expect(Number(r.amount_minor), c.number).toBeLessThan(order!.totalMinor);
        if (r.policy_id) {
          const cited = versions.filter((v) => v.policy_id === r.policy_id && v.effective_from <= r.created_at);
          expect(Math.max(...cited.map((v) => Number(v.version))), `${c.number} cites the version in effect`).toBe(Number(r.policy_version));
        }
        const proposer = users.get(r.proposed_by_id!)!;
        expect(proposer.name, c.number).toBe(r.proposed_by_name);
        const money = { type: r.type, currency: r.currency, totalMinor: r.amount_minor === null ? null : Number(r.amount_minor) };
        const within = authorityCovers(rules, { role: proposer.role as Role, userId: proposer.id }, money).covered && r.policy_id !== null;
        expect(r.approval, c.number).toBe(within ? 'within_limit' : 'required');
        if (r.approval === 'required') expect(r.approval_reason, c.number).toBeTruthy();
        if (r.decided_by_id) {
          const approver = users.get(r.decided_by_id)!;
          expect(approver.id, c.number).not.toBe(proposer.id);
          expect(authorityCovers(rules, { role: approver.role as Role, userId: approver.id }, money).covered, c.number).toBe(true);
          expect(r.decided_at! > r.created_at, c.number).toBe(true);
        }
        if (r.status === 'approved' || (r.approval === 'required' && r.status !== 'pending_approval')) expect(r.decided_by_id, c.number).toBeTruthy();
        if (r.status === 'fulfilled') expect(r.fulfilled_at! > r.customer_response_at!, c.number).toBe(true);
      }
    }
  });

  it('gives a supervisor a real approval queue, with one of their own proposals waiting for someone else', async () => {
    const supervisor = (await findUserByEmail(store.db, 'supervisor@demo.aftercare.local'))!;
    const manager = (await findUserByEmail(store.db, 'manager@demo.aftercare.local'))!;
    const queue = await approvalQueue(store.db, { role: 'supervisor', userId: supervisor.id, actorId: supervisor.id });
    expect(queue.length).toBeGreaterThanOrEqual(3);
    expect(queue.filter((request) => request.canDecide).length).toBeGreaterThanOrEqual(2);
    const agentsProposed = queue.filter((request) => request.proposedById !== supervisor.id && request.approvalReason?.includes('above the limit'));
    expect(agentsProposed.length).toBeGreaterThanOrEqual(2);
    const own = queue.filter((request) => request.proposedById === supervisor.id);
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(own[0]).toMatchObject({ canDecide: false, cannotDecideBecause: 'you proposed it' });
    const managersQueue = await approvalQueue(store.db, { role: 'manager', userId: manager.id, actorId: manager.id });
    expect(managersQueue.find((request) => request.id === own[0]!.id)?.canDecide).toBe(true);
    const waiting = await store.db.selectFrom('cases').select('id').where('status', '=', 'awaiting_approval').execute();
    expect(waiting.length).toBe(queue.length);
    // Past approvals too: decided by someone else than the proposer.
    const decided = await store.db.selectFrom('resolutions').select('id').where('decided_by_id', 'is not', null).execute();
    expect(decided.length).toBeGreaterThan(0);
  });

  it('has versioned policies, one with a version still to come', async () => {
    const policies = await listPolicies(store.db);
    expect(policies.length).toBeGreaterThanOrEqual(4);
    expect(policies.length).toBeLessThanOrEqual(6);
    const details = await Promise.all(policies.map((policy) => getPolicy(store.db, policy.id)));
    expect(details.filter((policy) => policy.versions.length >= 2).length).toBeGreaterThanOrEqual(2);
    const upcoming = details.filter((policy) => policy.latestVersion > policy.version);
    expect(upcoming).toHaveLength(1);
    expect(Date.parse(upcoming[0]!.versions[0]!.effectiveFrom)).toBeGreaterThan(seededBy);
    for (const policy of details) {
      for (const version of policy.versions) expect(Date.parse(version.createdAt)).toBeLessThanOrEqual(seededBy);
      expect(Date.parse(policy.effectiveFrom)).toBeLessThanOrEqual(seededBy);
    }
  });

  it('has reply templates and call scripts for every channel, some in French, and follow-up texts, that render on a case', async () => {
    const templates = await listTemplates(store.db, {});
    expect(templates.length).toBeGreaterThanOrEqual(11);
    expect(templates.length).toBeLessThanOrEqual(16);
    expect(templates.filter((template) => template.kind === 'confirm_resolution').map((template) => template.language).sort()).toEqual(['en', 'fr']);
    expect(new Set(templates.map((template) => template.channel))).toEqual(new Set(['email', 'phone', 'sms', 'chat']));
    expect(templates.some((template) => template.kind === 'call_script' && template.channel === 'phone')).toBe(true);
    expect(templates.filter((template) => template.language === 'fr').length).toBeGreaterThanOrEqual(2);
    expect(templates.filter((template) => template.policyId !== null).length).toBeGreaterThan(templates.length / 2);
    const withOrder = await store.db.selectFrom('cases').select('id').where('transaction_id', 'is not', null).limit(1).executeTakeFirstOrThrow();
    for (const template of templates) {
      expect(unknownVariables(template.body), template.name).toEqual([]);
      expect(TEMPLATE_VARIABLES.some((name) => template.body.includes(`{{${name}}}`)), template.name).toBe(true);
      const rendered = await renderForCase(store.db, withOrder.id, template.id, 'Ana Ferreira');
      expect(rendered.missing, template.name).toEqual([]);
      expect(rendered.text, template.name).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('has a desk calendar with Saturday mornings and bank holidays, an internal one with a lunch break, and SLA policies in order', async () => {
    const calendars = await listCalendars(store.db);
    expect(calendars.map((calendar) => calendar.name)).toEqual(['Internal services', 'UK support desk']);
    const [internal, desk] = calendars;
    expect(desk).toMatchObject({ timezone: 'Europe/London', weeklyHours: { mon: [['08:30', '18:00']], sat: [['09:00', '13:00']], sun: [] } });
    expect(desk!.holidays).toEqual(expect.arrayContaining(['2026-12-25', '2026-12-28', '2027-03-26', '2027-08-30']));
    expect(internal!.weeklyHours.wed).toEqual([
      ['09:00', '12:30'],
      ['13:30', '17:00'],
    ]);
    const policies = await listSlaPolicies(store.db);
    expect(policies.map((policy) => policy.name)).toEqual([
      'Internal requests between departments',
      'Urgent and high-priority complaints',
      'Proactive check-ins',
      'Platinum and gold customers',
      'Standard',
    ]);
    for (const policy of policies) {
      expect(policy.warnPercent, policy.name).toBe(80);
      expect(policy.breachActions, policy.name).toMatchObject({ notifyAssignee: true, notifyTeamLead: true });
      expect(policy.pauseStatuses, policy.name).toContain('awaiting_customer');
    }
    expect(policies.filter((policy) => policy.breachActions.raisePriority).map((policy) => policy.name)).toEqual(['Urgent and high-priority complaints']);
    expect(policies[1]).toMatchObject({ firstResponseMinutes: 60, nextResponseMinutes: 240, resolutionMinutes: 2 * 570, calendarName: 'UK support desk' });
    expect(policies[4]).toMatchObject({ firstResponseMinutes: 240, resolutionMinutes: 5 * 570, match: { kinds: [], priorities: [], tiers: [], channels: [], requestingTeamIds: [] } });
  });

  it('measures every case against the SLA policy that matches it, settled ones with their clocks stopped', async () => {
    const policies = await listSlaPolicies(store.db);
    const cases = await store.db
      .selectFrom('cases')
      .innerJoin('customers', 'customers.id', 'cases.customer_id')
      .select(['cases.number', 'cases.kind', 'cases.priority', 'cases.channel', 'cases.status', 'cases.requesting_team_id', 'cases.sla_policy_id', 'cases.sla_json', 'cases.sla_due_at', 'customers.tier'])
      .execute();
    for (const c of cases) {
      // No policy is left out on purpose: the standard one catches every case the others do not.
      expect(c.sla_json, c.number).not.toBeNull();
      const sla = JSON.parse(c.sla_json!) as CaseSla;
      const expected = matchSlaPolicy(policies, { kind: c.kind, priority: c.priority, tier: c.tier, channel: c.channel, requestingTeamId: c.requesting_team_id })!;
      expect(sla.policyName, c.number).toBe(expected.policy.name);
      expect(c.sla_policy_id, c.number).toBe(expected.policy.id);
      expect(sla.clocks.length, c.number).toBeGreaterThan(0);
      if (SETTLED.includes(c.status)) {
        for (const clock of sla.clocks) expect(['met', 'breached', 'idle'], `${c.number} ${clock.target}`).toContain(clock.state);
        expect(c.sla_due_at, c.number).toBeNull();
      } else {
        expect(sla.clocks.some((clock) => ['running', 'paused'].includes(clock.state) || overdue(clock)), c.number).toBe(true);
        expect(c.sla_due_at, c.number).toBe(dueOf(sla));
      }
    }
    const used = new Set(cases.map((c) => c.sla_policy_id));
    for (const policy of policies) expect(used, policy.name).toContain(policy.id);
  });

  it('lists overdue and soon-due cases in the at-risk queue, soonest first', async () => {
    const now = Date.now();
    // Due within the desk's next four business hours: on a weekend night, that reaches into Monday.
    const horizon = Math.max(addBusinessMinutes(compiledDemoCalendars().desk, now, 240), now + 4 * 3_600_000);
    const queue = await atRiskCases(store.db, new Date(horizon).toISOString(), 500);
    const due = queue.map((c) => dueOf(c.sla!)!);
    expect(due).toEqual([...due].sort());
    for (const c of queue) expect(SETTLED, c.number).not.toContain(c.status);
    const late = queue.filter((c) => c.sla!.clocks.some(overdue));
    const soon = queue.filter((c) => !c.sla!.clocks.some(overdue));
    expect(late.length).toBeGreaterThanOrEqual(3);
    expect(soon.length).toBeGreaterThanOrEqual(2);
    for (const c of late) expect(Date.parse(dueOf(c.sla!)!), c.number).toBeLessThan(now);
    // The urgent complaint nobody has answered, with minutes of its hour left.
    expect(
      soon.some((c) => c.kind === 'complaint' && c.sla!.clocks.some((clock) => clock.target === 'first_response' && clock.state === 'running' && clock.targetMinutes === 60)),
    ).toBe(true);
  });

  it('shows open cases overdue, nearly due, at ease and paused, and settled ones mostly met', async () => {
    const mix = await slaMix(store.db);
    expect(mix.overdue).toBeGreaterThanOrEqual(3);
    expect(mix.warned).toBeGreaterThanOrEqual(2);
    expect(mix.easy).toBeGreaterThanOrEqual(5);
    expect(mix.paused).toBeGreaterThanOrEqual(3);
    expect(mix.breached).toBeGreaterThanOrEqual(1);
    expect(mix.met).toBeGreaterThan(2 * mix.breached);
  });

  it('pauses the clocks while the customer has the next move', async () => {
    const open = await store.db.selectFrom('cases').select(['number', 'status', 'sla_json']).where('status', 'not in', SETTLED).execute();
    const paused = open.filter((c) => (JSON.parse(c.sla_json!) as CaseSla).clocks.some((clock) => clock.state === 'paused'));
    expect(paused.filter((c) => c.status === 'awaiting_customer').length).toBeGreaterThanOrEqual(1);
    for (const c of paused) {
      expect(['awaiting_customer', 'resolution_proposed'], c.number).toContain(c.status);
      for (const clock of (JSON.parse(c.sla_json!) as CaseSla).clocks.filter((k) => k.state === 'paused')) expect(clock.dueAt, c.number).toBeNull();
    }
  });

  it('has requests between departments, measured against the internal SLA', async () => {
    const { cases, users, of } = await desk();
    const teams = new Map((await store.db.selectFrom('teams').select(['id', 'name']).execute()).map((team) => [team.id, team.name]));
    const internal = cases.filter((c) => c.requesting_team_id !== null);
    expect(internal.length).toBeGreaterThanOrEqual(3);
    expect(new Set(internal.map((c) => c.status)).size).toBeGreaterThanOrEqual(3);
    for (const c of internal) {
      const sla = JSON.parse(c.sla_json!) as CaseSla;
      expect(sla.policyName, c.number).toBe('Internal requests between departments');
      expect(sla.calendarName, c.number).toBe('Internal services');
      expect(['Customer Care', 'Returns & Repairs'], c.number).toContain(teams.get(c.requesting_team_id!));
      expect(c.team_id, c.number).not.toBe(c.requesting_team_id);
      // Raised by someone in the asking department, as a note to the team that acts.
      const opening = of(c).interactions[0]!;
      expect(opening.direction, c.number).toBe('internal');
      expect(users.get(opening.author_id!)?.team_id, c.number).toBe(c.requesting_team_id);
    }
    for (const c of cases.filter((c) => c.requesting_team_id === null)) {
      expect((JSON.parse(c.sla_json!) as CaseSla).policyName, c.number).not.toBe('Internal requests between departments');
    }
  });

  it('refuses a store that already has users', async () => {
    await expect(seedDemo(store, { customers: 60 })).rejects.toThrow(/empty store only.*users/);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true });
  });

  it('refuses a store with imported customers but no users yet, before writing anything', async () => {
    const imported = await emptyStore();
    try {
      await inTransaction(imported, SYSTEM_ACTOR, (work) =>
        createCustomer(work, { name: 'Jane Doe', timezone: 'Europe/London', language: 'en', tier: 'standard', externalRef: 'CRM-00001' }),
      );
      await expect(seedDemo(imported, { customers: 60 })).rejects.toThrow(/empty store only.*customers/);
      expect(await imported.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await imported.close();
    }
  });

  it('gives the same desk for the same seed on any day, with only the dates moved', async () => {
    const again = await emptyStore();
    try {
      // A Saturday night, so desk hours move different steps than on a weekday.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-03-14T23:30:00Z'));
      try {
        await seedDemo(again, { customers: 60 });
      } finally {
        vi.useRealTimers();
      }
      const desk = async (db: Store['db']) => {
        const cases = await db
          .selectFrom('cases')
          .innerJoin('customers', 'customers.id', 'cases.customer_id')
          .leftJoin('sla_policies', 'sla_policies.id', 'cases.sla_policy_id')
          .leftJoin('teams', 'teams.id', 'cases.requesting_team_id')
          .select(['cases.id', 'customers.external_ref', 'cases.kind', 'cases.status', 'cases.priority', 'cases.channel', 'cases.subject', 'cases.root_cause'])
          .select(['sla_policies.name as sla_policy', 'teams.name as requested_by'])
          .execute();
        const transitions = groupBy(await db.selectFrom('case_transitions').select(['case_id', 'event', 'actor_name']).orderBy('id').execute(), (t) => t.case_id);
        const resolutions = groupBy(
          await db.selectFrom('resolutions').select(['case_id', 'type', 'amount_minor', 'currency', 'status', 'approval', 'proposed_by_name', 'decided_by_name']).execute(),
          (r) => r.case_id,
        );
        const marks = groupBy(await db.selectFrom('interactions').select(['case_id', 'marks_json']).orderBy('id').execute(), (i) => i.case_id);
        return cases
          .map(({ id, ...c }) =>
            [
              ...Object.values(c),
              (transitions.get(id) ?? []).map((t) => `${t.event} by ${t.actor_name}`).join(', '),
              (resolutions.get(id) ?? []).map((r) => Object.values({ ...r, case_id: undefined, amount_minor: r.amount_minor === null ? null : Number(r.amount_minor) }).join(' ')).join(', '),
              (marks.get(id) ?? []).map((i) => i.marks_json).join(' '),
            ].join(' | '),
          )
          .sort();
      };
      expect(await desk(again.db)).toEqual(await desk(store.db));
      // On a Saturday night as on any other day, some cases are overdue and some nearly due (in the
      // desk's business time: nothing falls due before Monday morning), some paused.
      for (const db of [again.db, store.db]) {
        const mix = await slaMix(db);
        expect(mix.overdue).toBeGreaterThanOrEqual(1);
        expect(mix.warned).toBeGreaterThanOrEqual(2);
        expect(mix.paused).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await again.close();
    }
  });
});
