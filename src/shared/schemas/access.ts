import { z } from 'zod';
import { ROLES } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Team = z.object({
  id: EntityId,
  name: z.string(),
  description: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Team = z.infer<typeof Team>;

export const CreateTeam = z.object({
  name: z.string().trim().min(1).max(120).describe('Team or department name, unique'),
  description: z.string().trim().max(2000).optional(),
});
export const UpdateTeam = CreateTeam.partial();

export const User = z.object({
  id: EntityId,
  email: z.string(),
  name: z.string(),
  role: Role,
  teamId: EntityId.nullable(),
  active: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type User = z.infer<typeof User>;

export const UserListQuery = PageQuery.extend({
  role: Role.optional(),
  teamId: EntityId.optional(),
  active: z.stringbool().optional().describe('true: only active users; false: only deactivated ones'),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const CreateUser = z.object({
  email: z.email().max(254).describe('Login email, unique'),
  name: z.string().trim().min(1).max(200),
  role: Role,
  teamId: EntityId.optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(200),
});
export const UpdateUser = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  teamId: EntityId.nullable().optional(),
  active: z.boolean().optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
});

export const Login = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export const Session = z.object({
  user: User,
  /** Sent back as `X-CSRF-Token` on every state-changing request made with the session cookie. */
  csrfToken: z.string(),
});
export type Session = z.infer<typeof Session>;

export const ApiKey = z.object({
  id: EntityId,
  name: z.string(),
  role: Role,
  createdAt: Instant,
  revokedAt: Instant.nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
export const CreateApiKey = z.object({
  name: z.string().trim().min(1).max(120),
  role: Role,
});
export const CreatedApiKey = ApiKey.extend({
  /** The secret, shown only in this response. */
  key: z.string(),
});
