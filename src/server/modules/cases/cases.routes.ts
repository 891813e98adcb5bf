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
  ProcedureSettings,
  RequestTransition,
  UpdateCase,
  UpdateProcedure,
  UpdateProcedureSettings,
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
  recordIdsOf,
  interactionsOfCase,
  listCases,
  openCase,
  recordInteraction,
  getCaseDetail,
  toInteraction,
  updateCase,
  updateProcedure,
} from './cases.store.js';
import { applyCaseEvent } from './lifecycle.store.js';
import { procedureSettings, updateProcedureSettings } from './procedure-settings.store.js';

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
    { config: { permission: 'record:read' }, schema: { tags: ['cases'], summary: 'Audit events of the case and what was recorded on it, oldest first', params: IdParams, response: { 200: z.object({ items: z.array(AuditEvent) }) } } },
    async (request) => {
      await caseRowOrThrow(store.db, request.params.id);
      const ids = [request.params.id, ...(await recordIdsOf(store.db, request.params.id))];
      return { items: await auditEventsOf(store.db, ids) };
    },
  );
  app.post(
    '/api/cases/:id/transitions',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['cases'],
        summary: 'Move the case on in its lifecycle; refused (409) when the lifecycle or the complaint procedure does not allow it',
        params: IdParams,
        body: RequestTransition,
        response: { 200: CaseDetail },
      },
    },
    (request) =>
      inTransaction(store, principalOrThrow(request).actor, async (work) => {
        await applyCaseEvent(work, await caseRowOrThrow(work.tx, request.params.id), request.body.event, request.body.reason);
        // Answer with the clocks the step re-derives (a pause, a stop).
        await work.settle();
        return getCaseDetail(work.tx, request.params.id);
      }),
  );
  app.patch(
    '/api/cases/:id/procedure',
    { config: { permission: 'record:write' }, schema: { tags: ['cases'], summary: "Record the customer's concern, your restatement, the cause and root cause", params: IdParams, body: UpdateProcedure, response: { 200: CaseDetail } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateProcedure(work, request.params.id, request.body)),
  );
  app.get(
    '/api/settings/procedure',
    { config: { permission: 'record:read' }, schema: { tags: ['settings'], summary: 'Complaint procedure settings: failed attempts before an unconfirmed resolution, phrases the reply check flags', response: { 200: ProcedureSettings } } },
    () => procedureSettings(store.db),
  );
  app.put(
    '/api/settings/procedure',
    { config: { permission: 'policy:manage' }, schema: { tags: ['settings'], summary: 'Change the complaint procedure settings', body: UpdateProcedureSettings, response: { 200: ProcedureSettings } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateProcedureSettings(work, request.body)),
  );
}
