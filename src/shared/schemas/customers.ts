import { z } from 'zod';
import { CUSTOMER_TIERS } from '../enums.js';
import { EntityId, Instant, PageQuery } from './common.js';

export const CustomerTier = z.enum(CUSTOMER_TIERS);

const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Paris' },
);

export const Customer = z.object({
  id: EntityId,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timezone: z.string(),
  language: z.string(),
  tier: CustomerTier,
  externalRef: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Customer = z.infer<typeof Customer>;

export const CreateCustomer = z.object({
  name: z.string().trim().min(1).max(200).describe('Full name'),
  email: z.email().max(254).optional().describe('Email address'),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number, digits with optional +, spaces, dashes')
    .optional(),
  timezone: TimeZone.default('UTC').describe('IANA time zone of the customer'),
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or fr-FR')
    .default('en'),
  tier: CustomerTier.default('standard'),
  externalRef: z.string().trim().min(1).max(120).optional().describe('Id in the shop or CRM; unique'),
});
export type CreateCustomer = z.infer<typeof CreateCustomer>;

export const UpdateCustomer = z.object({
  name: CreateCustomer.shape.name.optional(),
  email: z.email().max(254).nullable().optional(),
  phone: CreateCustomer.shape.phone.unwrap().nullable().optional(),
  timezone: TimeZone.optional(),
  language: CreateCustomer.shape.language.unwrap().optional(),
  tier: CustomerTier.optional(),
  externalRef: z.string().trim().min(1).max(120).nullable().optional(),
});
export type UpdateCustomer = z.infer<typeof UpdateCustomer>;

export const CustomerListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().describe('matches name, email, phone or external ref'),
  tier: CustomerTier.optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** One moment of the customer's journey: purchases, deliveries, cases and every contact. */
export const JourneyEntry = z.object({
  at: Instant,
  type: z.enum(['purchase', 'delivery', 'case_opened', 'interaction']),
  title: z.string(),
  detail: z.string().nullable(),
  caseId: EntityId.nullable(),
  transactionId: EntityId.nullable(),
  channel: z.string().nullable(),
  direction: z.string().nullable(),
});
export type JourneyEntry = z.infer<typeof JourneyEntry>;
