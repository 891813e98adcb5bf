import type { Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// The complaint procedure on cases and interactions, the lifecycle's transitions, resolutions with
// their approvals, authority limits, versioned policies, reply templates and settings.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('concern', 'text').execute();
  await db.schema.alterTable('cases').addColumn('restatement', 'text').execute();
  await db.schema.alterTable('cases').addColumn('restatement_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('cause', 'text').execute();
  await db.schema.alterTable('cases').addColumn('root_cause', 'text').execute();
  await db.schema.alterTable('interactions').addColumn('marks_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('case_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_transitions_case').on('case_transitions').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('policies.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('policy_versions_policy_version', ['policy_id', 'version'])
    .execute();

  await db.schema
    .createTable('resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('no_action_reason', 'text')
    .addColumn('policy_id', 'text', (c) => c.references('policies.id'))
    .addColumn('policy_version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by_type', 'text', (c) => c.notNull())
    .addColumn('proposed_by_id', 'text')
    .addColumn('proposed_by_name', 'text')
    .addColumn('approval', 'text', (c) => c.notNull())
    .addColumn('approval_reason', 'text')
    .addColumn('decided_by_id', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('customer_response_at', 'text')
    .addColumn('customer_note', 'text')
    .addColumn('fulfilled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resolutions_case').on('resolutions').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('resolutions_status').on('resolutions').columns(['status', 'id']).execute();

  // The subject is a role name or a user id; '' as currency means "any currency", so that the
  // unique index holds on both engines (NULLs never collide in a unique index).
  await db.schema
    .createTable('authority_limits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('resolution_type', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('max_amount_minor', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('authority_limits_subject_type_currency', ['subject_type', 'subject', 'resolution_type', 'currency'])
    .execute();
  await db
    .insertInto('authority_limits' as never)
    .values(defaultRoleLimits() as never)
    .execute();

  await db.schema
    .createTable('reply_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.references('policies.id'))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/**
 * Limits a new installation starts with, so resolutions can be approved before anyone has set
 * limits: amounts in minor units of any currency (100.00 is 10000), no row means "needs approval".
 */
function defaultRoleLimits() {
  const at = '2026-01-01T00:00:00.000Z';
  const caps: Record<string, Record<string, number | null>> = {
    agent: { explanation_only: null, no_action: null, repair: null, replacement: 10_000, refund_full: 10_000, refund_partial: 5_000, credit_voucher: 2_500, goodwill: 2_000 },
    supervisor: { explanation_only: null, no_action: null, repair: null, replacement: 50_000, refund_full: 50_000, refund_partial: 50_000, credit_voucher: 20_000, goodwill: 10_000 },
    manager: { explanation_only: null, no_action: null, repair: null, replacement: 250_000, refund_full: 250_000, refund_partial: 250_000, credit_voucher: 100_000, goodwill: 50_000 },
    admin: { explanation_only: null, no_action: null, repair: null, replacement: null, refund_full: null, refund_partial: null, credit_voucher: null, goodwill: null },
  };
  return Object.entries(caps).flatMap(([role, byType]) =>
    Object.entries(byType).map(([type, max]) => ({
      id: `lim_default_${role}_${type}`,
      subject_type: 'role',
      subject: role,
      resolution_type: type,
      currency: '',
      max_amount_minor: max,
      created_at: at,
      updated_at: at,
    })),
  );
}
