import { z } from 'zod';
import {
  ApprovalRequest,
  AuthorityLimit,
  AuthorityLimitQuery,
  DecideResolution,
  IdParams,
  ProposeResolution,
  RecordCustomerResponse,
  Resolution,
  SetAuthorityLimit,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import type { Principal } from '../../platform/http/principal.js';
import { effectiveLimits, listAuthorityLimits, removeAuthorityLimit, setAuthorityLimit } from './authority-limits.store.js';
import { approvalQueue, decideResolution, fulfilResolution, proposeResolution, recordCustomerResponse } from './resolutions.store.js';

const authorityOf = (principal: Principal) => ({ role: principal.role, userId: principal.userId });

export function registerResolutionRoutes(app: Api, { store }: RouteDeps): void {
  app.post(
    '/api/cases/:id/resolutions',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['resolutions'],
        summary: "Propose a resolution: offered at once within the proposer's authority and a cited policy, else sent for approval",
        params: IdParams,
        body: ProposeResolution,
        response: { 201: Resolution },
      },
    },
    (request, reply) =>
      respondCreated(store, request, reply, (work) => proposeResolution(work, authorityOf(principalOrThrow(request)), request.params.id, request.body)),
  );
  app.post(
    '/api/resolutions/:id/decision',
    { config: { permission: 'record:write' }, schema: { tags: ['resolutions'], summary: 'Approve or reject a resolution pending approval (never your own; a rejection needs a reason)', params: IdParams, body: DecideResolution, response: { 200: Resolution } } },
    (request) => {
      const principal = principalOrThrow(request);
      return inTransaction(store, principal.actor, (work) => decideResolution(work, authorityOf(principal), request.params.id, request.body));
    },
  );
  app.post(
    '/api/resolutions/:id/customer-response',
    { config: { permission: 'record:write' }, schema: { tags: ['resolutions'], summary: 'Record whether the customer accepted or declined the offered resolution', params: IdParams, body: RecordCustomerResponse, response: { 200: Resolution } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => recordCustomerResponse(work, request.params.id, request.body)),
  );
  app.post(
    '/api/resolutions/:id/fulfilment',
    { config: { permission: 'record:write' }, schema: { tags: ['resolutions'], summary: 'Record that an accepted resolution was carried out', params: IdParams, response: { 200: Resolution } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => fulfilResolution(work, request.params.id)),
  );
  app.get(
    '/api/approvals',
    { config: { permission: 'record:read' }, schema: { tags: ['resolutions'], summary: 'Resolutions waiting for approval, oldest first, with whether you may decide each', response: { 200: z.object({ items: z.array(ApprovalRequest) }) } } },
    async (request) => {
      const principal = principalOrThrow(request);
      return { items: await approvalQueue(store.db, { ...authorityOf(principal), actorId: principal.actor.id }) };
    },
  );
  app.get(
    '/api/authority-limits',
    { config: { permission: 'record:read' }, schema: { tags: ['authority limits'], summary: 'Authority limits of roles and users', querystring: AuthorityLimitQuery, response: { 200: z.object({ items: z.array(AuthorityLimit) }) } } },
    async (request) => ({ items: await listAuthorityLimits(store.db, request.query) }),
  );
  app.get(
    '/api/authority-limits/mine',
    { config: { permission: 'record:read' }, schema: { tags: ['authority limits'], summary: 'The limits that apply to you: your own where set, else your role’s', response: { 200: z.object({ items: z.array(AuthorityLimit) }) } } },
    async (request) => ({ items: await effectiveLimits(store.db, authorityOf(principalOrThrow(request))) }),
  );
  app.put(
    '/api/authority-limits',
    { config: { permission: 'policy:manage' }, schema: { tags: ['authority limits'], summary: "Set a role's or a user's limit for one resolution type and currency (never your own or your role's, unless you are an admin)", body: SetAuthorityLimit, response: { 200: AuthorityLimit } } },
    (request) => {
      const principal = principalOrThrow(request);
      return inTransaction(store, principal.actor, (work) => setAuthorityLimit(work, authorityOf(principal), request.body));
    },
  );
  app.delete(
    '/api/authority-limits/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['authority limits'], summary: 'Remove a limit: without one, that resolution type needs approval', params: IdParams } },
    async (request, reply) => {
      const principal = principalOrThrow(request);
      await inTransaction(store, principal.actor, (work) => removeAuthorityLimit(work, authorityOf(principal), request.params.id));
      reply.code(204).send();
    },
  );
}
