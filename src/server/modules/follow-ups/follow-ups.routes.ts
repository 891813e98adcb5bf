import { z } from 'zod';
import {
  CancelFollowUp,
  FollowUp,
  FollowUpCounts,
  FollowUpCountsQuery,
  FollowUpListQuery,
  FollowUpPlan,
  FollowUpRule,
  IdParams,
  pageOf,
  RecordOutcome,
  SaveFollowUpRule,
  ScheduleFollowUp,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { recordOutcome } from './follow-up-outcomes.js';
import { createFollowUpRule, getFollowUpRule, listFollowUpRules, updateFollowUpRule } from './follow-up-rules.store.js';
import { cancelFollowUp, countFollowUps, getFollowUp, listFollowUps, previewFollowUp, retryFollowUp, scheduleFollowUp } from './follow-ups.store.js';
// Loaded with the routes, so `serve` and `worker` both know the due job, the send check and the rules' hook.
import './follow-up-dispatch.js';
import './follow-up-triggers.js';

export function registerFollowUpRoutes(app: Api, { store }: RouteDeps): void {
  app.post(
    '/api/cases/:id/follow-ups',
    {
      config: { permission: 'record:write' },
      schema: { tags: ['follow-ups'], summary: 'Schedule a follow-up of the case on the channel and slot the customer’s preferences allow (or record it skipped with the reason)', params: IdParams, body: ScheduleFollowUp, response: { 201: FollowUp } },
    },
    (request, reply) => respondCreated(store, request, reply, (work) => scheduleFollowUp(work, request.params.id, request.body)),
  );
  app.post(
    '/api/cases/:id/follow-ups/preview',
    {
      config: { permission: 'record:read' },
      schema: { tags: ['follow-ups'], summary: 'The channel and slot scheduling would pick, or why it would be skipped; writes nothing', params: IdParams, body: ScheduleFollowUp, response: { 200: FollowUpPlan } },
    },
    (request) => previewFollowUp(store.db, request.params.id, request.body),
  );
  app.get(
    '/api/follow-ups',
    { config: { permission: 'record:read' }, schema: { tags: ['follow-ups'], summary: 'Follow-ups: due today, call tasks, failed sends, scheduled; or those of a case or customer, newest first', querystring: FollowUpListQuery, response: { 200: pageOf(FollowUp) } } },
    (request) => listFollowUps(store.db, request.query, principalOrThrow(request).userId),
  );
  app.get(
    '/api/follow-ups/counts',
    { config: { permission: 'record:read' }, schema: { tags: ['follow-ups'], summary: 'Counts for the rail: due today, your call tasks, failed sends', querystring: FollowUpCountsQuery, response: { 200: FollowUpCounts } } },
    (request) => countFollowUps(store.db, principalOrThrow(request).userId, request.query.dayEnd),
  );
  app.get(
    '/api/follow-ups/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['follow-ups'], summary: 'One follow-up', params: IdParams, response: { 200: FollowUp } } },
    (request) => getFollowUp(store.db, request.params.id),
  );
  app.post(
    '/api/follow-ups/:id/outcome',
    {
      config: { permission: 'record:write' },
      schema: {
        tags: ['follow-ups'],
        summary: 'Record what came of it: satisfied (confirms the resolution of a case awaiting the customer), further needs (opens a linked case) or no answer (a documented failed attempt; a call is tried again)',
        params: IdParams,
        body: RecordOutcome,
        response: { 200: FollowUp },
      },
    },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => recordOutcome(work, request.params.id, request.body)),
  );
  app.post(
    '/api/follow-ups/:id/cancel',
    { config: { permission: 'record:write' }, schema: { tags: ['follow-ups'], summary: 'Withdraw a follow-up that has not happened, with the reason', params: IdParams, body: CancelFollowUp, response: { 200: FollowUp } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => cancelFollowUp(work, request.params.id, request.body.reason)),
  );
  app.post(
    '/api/follow-ups/:id/retry',
    { config: { permission: 'record:write' }, schema: { tags: ['follow-ups'], summary: 'Try a failed follow-up again: planned anew from now, a fresh message queued when due', params: IdParams, response: { 200: FollowUp } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => retryFollowUp(work, request.params.id)),
  );

  app.get(
    '/api/follow-up-rules',
    { config: { permission: 'record:read' }, schema: { tags: ['follow-ups'], summary: 'The rules that schedule follow-ups by themselves', response: { 200: z.object({ items: z.array(FollowUpRule) }) } } },
    async () => ({ items: await listFollowUpRules(store.db) }),
  );
  app.get(
    '/api/follow-up-rules/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['follow-ups'], summary: 'One follow-up rule', params: IdParams, response: { 200: FollowUpRule } } },
    (request) => getFollowUpRule(store.db, request.params.id),
  );
  app.post(
    '/api/follow-up-rules',
    { config: { permission: 'policy:manage' }, schema: { tags: ['follow-ups'], summary: 'Create a follow-up rule', body: SaveFollowUpRule, response: { 201: FollowUpRule } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createFollowUpRule(work, request.body)),
  );
  app.put(
    '/api/follow-up-rules/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['follow-ups'], summary: 'Change a follow-up rule; follow-ups it already scheduled stay as they are', params: IdParams, body: SaveFollowUpRule, response: { 200: FollowUpRule } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateFollowUpRule(work, request.params.id, request.body)),
  );
}
