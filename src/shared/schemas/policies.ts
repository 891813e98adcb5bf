import { z } from 'zod';
import { TEMPLATE_KINDS } from '../enums.js';
import { Channel } from './cases.js';
import { EntityId, Instant } from './common.js';

export const PolicyVersion = z.object({
  policyId: EntityId,
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  effectiveFrom: Instant,
  createdByName: z.string().nullable(),
  createdAt: Instant,
});
export type PolicyVersion = z.infer<typeof PolicyVersion>;

/** A policy as it stands: its version in effect now (or the first one, if none is yet). */
export const Policy = z.object({
  id: EntityId,
  title: z.string(),
  body: z.string(),
  version: z.number().int().describe('the version in effect now'),
  effectiveFrom: Instant,
  latestVersion: z.number().int().describe('the newest version, which may take effect later'),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Policy = z.infer<typeof Policy>;

export const PolicyDetail = Policy.extend({ versions: z.array(PolicyVersion).describe('newest first') });
export type PolicyDetail = z.infer<typeof PolicyDetail>;

const Title = z.string().trim().min(1, 'must not be empty').max(200);
const Body = z.string().trim().min(1, 'must not be empty').max(50_000);

export const CreatePolicy = z.object({
  title: Title,
  body: Body,
  effectiveFrom: Instant.optional().describe('defaults to now'),
});
export type CreatePolicy = z.infer<typeof CreatePolicy>;

export const CreatePolicyVersion = z.object({
  title: Title.optional().describe('defaults to the previous version’s title'),
  body: Body,
  effectiveFrom: Instant.optional().describe('defaults to now; must not be before the previous version’s'),
});
export type CreatePolicyVersion = z.infer<typeof CreatePolicyVersion>;

export const TemplateKind = z.enum(TEMPLATE_KINDS);
export type TemplateKind = z.infer<typeof TemplateKind>;

export const TEMPLATE_VARIABLES = ['customer.name', 'order.number', 'case.number', 'agent.name'] as const;

export const ReplyTemplate = z.object({
  id: EntityId,
  name: z.string(),
  kind: TemplateKind,
  channel: Channel,
  language: z.string(),
  body: z.string(),
  policyId: EntityId.nullable(),
  policyTitle: z.string().nullable(),
  active: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ReplyTemplate = z.infer<typeof ReplyTemplate>;

export const CreateReplyTemplate = z.object({
  name: Title,
  kind: TemplateKind.default('reply'),
  channel: Channel,
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or fr-FR')
    .default('en'),
  body: Body.describe(`text with variables: ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`),
  policyId: EntityId.nullable().optional(),
});
export type CreateReplyTemplate = z.infer<typeof CreateReplyTemplate>;

export const UpdateReplyTemplate = z.object({
  name: Title.optional(),
  kind: TemplateKind.optional(),
  channel: Channel.optional(),
  language: CreateReplyTemplate.shape.language.unwrap().optional(),
  body: Body.optional(),
  policyId: EntityId.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateReplyTemplate = z.infer<typeof UpdateReplyTemplate>;

export const TemplateListQuery = z.object({
  kind: TemplateKind.optional(),
  channel: Channel.optional(),
  language: z.string().max(10).optional(),
  active: z.stringbool().optional(),
});
export type TemplateListQuery = z.infer<typeof TemplateListQuery>;

export const RenderTemplate = z.object({ templateId: EntityId });

export const RenderedTemplate = z.object({
  templateId: EntityId,
  text: z.string(),
  missing: z.array(z.string()).describe('variables with no value on this case, left as [placeholders]'),
});
export type RenderedTemplate = z.infer<typeof RenderedTemplate>;
