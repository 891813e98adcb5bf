import type { Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// SLAs in business hours (calendars, policies, each case's clocks), durable scheduled work, and
// the notifications escalation sends to people.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('hours_json', 'text', (c) => c.notNull())
    .addColumn('holidays_json', 'text', (c) => c.notNull())
    .addColumn('closures_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('business_calendars.id'))
    .addColumn('match_json', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer')
    .addColumn('next_response_minutes', 'integer')
    .addColumn('resolution_minutes', 'integer')
    .addColumn('pause_statuses_json', 'text', (c) => c.notNull())
    .addColumn('warn_percent', 'integer')
    .addColumn('warn_before_minutes', 'integer')
    .addColumn('warning_actions_json', 'text', (c) => c.notNull())
    .addColumn('breach_actions_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The clocks are derived from the case's history on every change and kept on the case: the
  // policy that applies, each target's state as JSON, and the earliest running due time, which
  // the at-risk queue sorts by.
  await db.schema.alterTable('cases').addColumn('requesting_team_id', 'text', (c) => c.references('teams.id')).execute();
  await db.schema.alterTable('cases').addColumn('sla_policy_id', 'text').execute();
  await db.schema.alterTable('cases').addColumn('sla_json', 'text').execute();
  await db.schema.alterTable('cases').addColumn('sla_due_at', 'text').execute();
  await db.schema.createIndex('cases_sla_due').on('cases').columns(['sla_due_at', 'id']).execute();

  // Warnings and breaches that fired: the unique key makes each fire once, whatever restarts.
  await db.schema
    .createTable('sla_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addColumn('actions_json', 'text', (c) => c.notNull())
    .addUniqueConstraint('sla_events_once', ['case_id', 'target', 'kind', 'due_at'])
    .execute();
  await db.schema.createIndex('sla_events_case').on('sla_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();

  // Durable scheduled work: a row per job, claimed by a worker under a lease, done in the same
  // transaction as its effect. The key makes scheduling idempotent (one pending job per purpose).
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('scheduled_jobs_due').on('scheduled_jobs').columns(['state', 'run_at']).execute();
}
