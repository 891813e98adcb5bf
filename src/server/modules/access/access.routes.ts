import { z } from 'zod';
import {
  ApiKey,
  CreateApiKey,
  CreatedApiKey,
  CreateTeam,
  CreateUser,
  IdParams,
  pageOf,
  Team,
  UpdateTeam,
  UpdateUser,
  User,
  UserListQuery,
} from '../../../shared/index.js';
import { inTransaction } from '../../platform/db/work.js';
import { principalOrThrow } from '../../platform/http/authenticate.js';
import type { Api, RouteDeps } from '../../platform/http/fastify-types.js';
import { respondCreated } from '../../platform/http/idempotency.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.store.js';
import { createTeam, listTeams, updateTeam } from './teams.store.js';
import { createUser, listUsers, toUser, updateUser, userRowOrThrow } from './users.store.js';

export function registerAccessRoutes(app: Api, { store }: RouteDeps): void {
  app.get(
    '/api/teams',
    { config: { permission: 'record:read' }, schema: { tags: ['teams'], summary: 'All teams', response: { 200: z.object({ items: z.array(Team) }) } } },
    async () => ({ items: await listTeams(store.db) }),
  );
  app.post(
    '/api/teams',
    { config: { permission: 'team:manage' }, schema: { tags: ['teams'], summary: 'Create a team', body: CreateTeam, response: { 201: Team } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createTeam(work, request.body)),
  );
  app.patch(
    '/api/teams/:id',
    { config: { permission: 'team:manage' }, schema: { tags: ['teams'], summary: 'Rename or describe a team', params: IdParams, body: UpdateTeam, response: { 200: Team } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateTeam(work, request.params.id, request.body)),
  );

  app.get(
    '/api/users',
    { config: { permission: 'record:read' }, schema: { tags: ['users'], summary: 'Users, by id, filtered', querystring: UserListQuery, response: { 200: pageOf(User) } } },
    (request) => listUsers(store.db, request.query),
  );
  app.get(
    '/api/users/:id',
    { config: { permission: 'record:read' }, schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: User } } },
    async (request) => toUser(await userRowOrThrow(store.db, request.params.id)),
  );
  app.post(
    '/api/users',
    { config: { permission: 'user:manage' }, schema: { tags: ['users'], summary: 'Create a user', body: CreateUser, response: { 201: User } } },
    (request, reply) => respondCreated(store, request, reply, (work) => createUser(work, request.body)),
  );
  app.patch(
    '/api/users/:id',
    { config: { permission: 'user:manage' }, schema: { tags: ['users'], summary: 'Change a user’s name, role, team, password or deactivate them', params: IdParams, body: UpdateUser, response: { 200: User } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => updateUser(work, request.params.id, request.body)),
  );

  app.get(
    '/api/api-keys',
    { config: { permission: 'api-key:manage' }, schema: { tags: ['api keys'], summary: 'API keys (never their secrets)', response: { 200: z.object({ items: z.array(ApiKey) }) } } },
    async () => ({ items: await listApiKeys(store.db) }),
  );
  app.post(
    '/api/api-keys',
    { config: { permission: 'api-key:manage' }, schema: { tags: ['api keys'], summary: 'Create an API key; the secret is in this response only', body: CreateApiKey, response: { 201: CreatedApiKey } } },
    // Not idempotent on purpose: a replay would have to store the secret, which is never stored.
    async (request, reply) => {
      const created = await inTransaction(store, principalOrThrow(request).actor, (work) => createApiKey(work, request.body));
      return reply.code(201).send(created);
    },
  );
  app.delete(
    '/api/api-keys/:id',
    { config: { permission: 'api-key:manage' }, schema: { tags: ['api keys'], summary: 'Revoke an API key', params: IdParams, response: { 200: ApiKey } } },
    (request) => inTransaction(store, principalOrThrow(request).actor, (work) => revokeApiKey(work, request.params.id)),
  );
}
