import { z } from 'zod';
import {
  AuditEvent,
  Case,
  CaseDetail,
  CaseListQuery,
  CaseCounts,
  CaseSummary,
  CreateCase,
  CreateInteraction,
  IdParams,
  Interaction,
  pageOf,
  UpdateCase,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { auditEventsOf } from '../audit/audit.store.js';
import { createCaseDetailReader } from './case-detail-cache.js';
import {
  caseRowOrThrow,
  countCases,
  interactionIdsOf,
  interactionsOfCase,
  listCases,
  openCase,
  recordInteraction,
  toInteraction,
  updateCase,
} from './cases.store.js';

export function registerCaseRoutes(app: Api, { store }: RouteDeps): void {
  const readCaseDetail = createCaseDetailReader(store);
  app.get(
    '/api/cases',
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'Cases, newest first, filtered', querystring: CaseListQuery, response: { 200: pageOf(CaseSummary) } } },
    (request) => listCases(store.db, store.engine, request.query),
  );
  app.get(
    '/api/cases/counts',
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'Counts for the inbox views: open, mine, unassigned, per status', response: { 200: CaseCounts } } },
    (request) => countCases(store.db, principalOrThrow(request).userId),
  );
  app.get(
    '/api/cases/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'One case with its interactions, oldest first', params: IdParams, response: { 200: CaseDetail } } },
    async (request, reply) => {
      const { detail, json } = await readCaseDetail(request.params.id);
      reply.serializer(() => json).send(detail);
    },
  );
  app.post(
    '/api/cases',
    { config: { permission: 'record:write' }, schema: { tags: ['cases'], summary: 'Open a case, optionally with its first interaction', body: CreateCase, response: { 201: CaseDetail } } },
    (request, reply) => respondCreated(store, request, reply, (work) => openCase(work, request.body)),
  );
  app.patch(
    '/api/cases/:id',
    { config: { permission: 'record:write' }, schema: { tags: ['cases'], summary: 'Change subject, priority, team, assignee or purchase', params: IdParams, body: UpdateCase, response: { 200: Case } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateCase(work, request.params.id, request.body)),
  );
  app.get(
    '/api/cases/:id/interactions',
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'The case’s interactions, oldest first', params: IdParams, response: { 200: z.object({ items: z.array(Interaction) }) } } },
    async (request) => {
      await caseRowOrThrow(store.db, request.params.id);
      const rows = await interactionsOfCase(store.db, request.params.id);
      return { items: rows.map(toInteraction) };
    },
  );
  app.post(
    '/api/cases/:id/interactions',
    { config: { permission: 'record:write' }, schema: { tags: ['cases'], summary: 'Record an interaction: a contact in any channel, or an internal note', params: IdParams, body: CreateInteraction, response: { 201: Interaction } } },
    (request, reply) => respondCreated(store, request, reply, (work) => recordInteraction(work, request.params.id, request.body)),
  );
  app.get(
    '/api/cases/:id/audit',
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'Audit events of the case and its interactions, oldest first', params: IdParams, response: { 200: z.object({ items: z.array(AuditEvent) }) } } },
    async (request) => {
      await caseRowOrThrow(store.db, request.params.id);
      const ids = [request.params.id, ...(await interactionIdsOf(store.db, request.params.id))];
      return { items: await auditEventsOf(store.db, ids) };
    },
  );
}
