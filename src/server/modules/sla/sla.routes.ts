import { z } from 'zod';
import { BusinessCalendar, CaseSummary, IdParams, Notification, SaveBusinessCalendar, SaveSlaPolicy, SlaPolicy } from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { notFound } from '../../platform/http/errors.js';
import { nowInstant } from '../../platform/ids.js';
import { scheduleSlaRecompute } from './case-sla.store.js';
import { atRiskCases } from './sla-queries.js';
import { createCalendar, createSlaPolicy, listCalendars, listSlaPolicies, updateCalendar, updateSlaPolicy } from './sla-rules.store.js';

const AtRiskQuery = z.object({
  withinMinutes: z.coerce.number().int().min(0).max(525_600).default(240).describe('due within this many minutes from now (overdue ones always count)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});


export function registerSlaRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/sla/calendars',
    { config: { permission: 'record:read' }, schema: { tags: ['sla'], summary: 'Business calendars', response: { 200: z.object({ items: z.array(BusinessCalendar) }) } } },
    async () => ({ items: await listCalendars(store.db) }),
  );
  app.post(
    '/api/sla/calendars',
    { config: { permission: 'policy:manage' }, schema: { tags: ['sla'], summary: 'Create a business calendar', body: SaveBusinessCalendar, response: { 201: BusinessCalendar } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createCalendar(work, request.body)),
  );
  app.put(
    '/api/sla/calendars/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['sla'], summary: 'Change a calendar; the clocks of open cases are derived again', params: IdParams, body: SaveBusinessCalendar, response: { 200: BusinessCalendar } } },
    (request) =>
      inTransaction(store, principalOrThrow(request).actor, async (work) => {
        const calendar = await updateCalendar(work, request.params.id, request.body);
        await scheduleSlaRecompute(work);
        return calendar;
      }),
  );
  app.get(
    '/api/sla/policies',
    { config: { permission: 'record:read' }, schema: { tags: ['sla'], summary: 'SLA policies in the order they are tried', response: { 200: z.object({ items: z.array(SlaPolicy) }) } } },
    async () => ({ items: await listSlaPolicies(store.db) }),
  );
  app.post(
    '/api/sla/policies',
    { config: { permission: 'policy:manage' }, schema: { tags: ['sla'], summary: 'Create an SLA policy; the clocks of open cases are derived again', body: SaveSlaPolicy, response: { 201: SlaPolicy } } },
    (request, reply) =>
      respondCreated(store, request, reply, async (work) => {
        const policy = await createSlaPolicy(work, request.body);
        await scheduleSlaRecompute(work);
        return policy;
      }),
  );
  app.put(
    '/api/sla/policies/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['sla'], summary: 'Change an SLA policy; the clocks of open cases are derived again', params: IdParams, body: SaveSlaPolicy, response: { 200: SlaPolicy } } },
    (request) =>
      inTransaction(store, principalOrThrow(request).actor, async (work) => {
        const policy = await updateSlaPolicy(work, request.params.id, request.body);
        await scheduleSlaRecompute(work);
        return policy;
      }),
  );
  app.get(
    '/api/sla/at-risk',
    { config: { permission: 'record:read' }, schema: { tags: ['sla'], summary: 'Open cases whose next SLA target is overdue or due soon, soonest first', querystring: AtRiskQuery, response: { 200: z.object({ items: z.array(CaseSummary) }) } } },
    async (request) => {
      const horizon = new Date(Date.now() + request.query.withinMinutes * 60_000).toISOString();
      return { items: await atRiskCases(store.db, horizon, request.query.limit) };
    },
  );
  app.get(
    '/api/notifications',
    { config: { permission: 'record:read' }, schema: { tags: ['notifications'], summary: 'Your notifications, newest first', response: { 200: z.object({ items: z.array(Notification), unread: z.number().int() }) } } },
    async (request) => {
      const userId = principalOrThrow(request).userId;
      if (!userId) return { items: [], unread: 0 };
      const rows = await store.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(100).execute();
      return {
        items: rows.map((row) => ({ id: row.id, kind: row.kind, caseId: row.case_id, title: row.title, body: row.body, createdAt: row.created_at, readAt: row.read_at })),
        unread: rows.filter((row) => row.read_at === null).length,
      };
    },
  );
  app.post(
    '/api/notifications/:id/read',
    { config: { permission: 'record:read' }, schema: { tags: ['notifications'], summary: 'Mark one of your notifications read', params: IdParams } },
    async (request, reply) => {
      const userId = principalOrThrow(request).userId;
      const updated = await store.db
        .updateTable('notifications')
        .set({ read_at: nowInstant() })
        .where('id', '=', request.params.id)
        .where('user_id', '=', userId ?? '')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw notFound('notification', request.params.id);
      reply.code(204).send();
    },
  );
}
