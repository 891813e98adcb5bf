import { z } from 'zod';
import {
  CreatePolicy,
  CreatePolicyVersion,
  CreateReplyTemplate,
  IdParams,
  Policy,
  PolicyDetail,
  RenderedTemplate,
  RenderTemplate,
  ReplyTemplate,
  TemplateListQuery,
  UpdateReplyTemplate,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { addPolicyVersion, createPolicy, getPolicy, listPolicies } from './policies.store.js';
import { createTemplate, getTemplate, listTemplates, renderForCase, updateTemplate } from './templates.store.js';

export function registerPolicyRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/policies',
    { config: { permission: 'record:read' }, schema: { tags: ['policies'], summary: 'Policies as they stand now', response: { 200: z.object({ items: z.array(Policy) }) } } },
    async () => ({ items: await listPolicies(store.db) }),
  );
  app.get(
    '/api/policies/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['policies'], summary: 'A policy with every version, newest first', params: IdParams, response: { 200: PolicyDetail } } },
    (request) => getPolicy(store.db, request.params.id),
  );
  app.post(
    '/api/policies',
    { config: { permission: 'policy:manage' }, schema: { tags: ['policies'], summary: 'Create a policy (its version 1)', body: CreatePolicy, response: { 201: PolicyDetail } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createPolicy(work, request.body)),
  );
  app.post(
    '/api/policies/:id/versions',
    { config: { permission: 'policy:manage' }, schema: { tags: ['policies'], summary: 'Add a version; earlier versions are kept unchanged', params: IdParams, body: CreatePolicyVersion, response: { 201: PolicyDetail } } },
    (request, reply) => respondCreated(store, request, reply, (work) => addPolicyVersion(work, request.params.id, request.body)),
  );
  app.get(
    '/api/templates',
    { config: { permission: 'record:read' }, schema: { tags: ['templates'], summary: 'Reply templates and call scripts', querystring: TemplateListQuery, response: { 200: z.object({ items: z.array(ReplyTemplate) }) } } },
    async (request) => ({ items: await listTemplates(store.db, request.query) }),
  );
  app.get(
    '/api/templates/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['templates'], summary: 'One template', params: IdParams, response: { 200: ReplyTemplate } } },
    (request) => getTemplate(store.db, request.params.id),
  );
  app.post(
    '/api/templates',
    { config: { permission: 'policy:manage' }, schema: { tags: ['templates'], summary: 'Create a reply template or call script', body: CreateReplyTemplate, response: { 201: ReplyTemplate } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createTemplate(work, request.body)),
  );
  app.patch(
    '/api/templates/:id',
    { config: { permission: 'policy:manage' }, schema: { tags: ['templates'], summary: 'Change a template, or retire it with active: false', params: IdParams, body: UpdateReplyTemplate, response: { 200: ReplyTemplate } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateTemplate(work, request.params.id, request.body)),
  );
  app.post(
    '/api/cases/:id/rendered-templates',
    { config: { permission: 'record:read' }, schema: { tags: ['templates'], summary: "A template filled in with this case's customer, order, case number and your name", params: IdParams, body: RenderTemplate, response: { 200: RenderedTemplate } } },
    (request) => renderForCase(store.db, request.params.id, request.body.templateId, principalOrThrow(request).actor.name),
  );
}
