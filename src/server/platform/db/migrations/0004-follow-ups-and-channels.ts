import type { Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// Follow-ups over the customer's preferred channel: contact preferences and consent, follow-ups
// and the rules that schedule them, the outbox every message leaves through (email, SMS,
// webhooks), mail received, and webhook endpoints.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per customer who has preferences; a customer without one gets the defaults.
  await db.schema
    .createTable('contact_preferences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().unique().references('customers.id'))
    .addColumn('preferred_channel', 'text')
    .addColumn('allowed_channels_json', 'text', (c) => c.notNull())
    // Local wall-clock times in the customer's timezone ("21:00" to "08:00" may wrap midnight).
    .addColumn('quiet_start', 'text')
    .addColumn('quiet_end', 'text')
    .addColumn('language', 'text')
    .addColumn('cap_count', 'integer')
    .addColumn('cap_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Consent is a history, never overwritten: the latest event for a channel and purpose decides.
  await db.schema
    .createTable('consent_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema.createIndex('consent_events_customer').on('consent_events').columns(['customer_id', 'occurred_at', 'id']).execute();

  // What schedules follow-ups by itself: a case entering a status, or an order delivered.
  await db.schema
    .createTable('follow_up_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('delay_minutes', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('conditions_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('transaction_id', 'text', (c) => c.references('transactions.id'))
    .addColumn('rule_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    // due_at: when it was asked for; scheduled_for: the slot the preferences allowed.
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('outcome_summary', 'text')
    .addColumn('skip_reason', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('linked_case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('message_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('follow_ups_status_when').on('follow_ups').columns(['status', 'scheduled_for', 'id']).execute();
  await db.schema.createIndex('follow_ups_case').on('follow_ups').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('follow_ups_customer').on('follow_ups').columns(['customer_id', 'scheduled_for']).execute();
  await db.schema.createIndex('follow_ups_assignee').on('follow_ups').columns(['assignee_id', 'status', 'scheduled_for']).execute();

  // The outbox: every message to the outside world is a row written with the change that caused
  // it, claimed by a dispatcher under a lease, sent, and marked with the result. message_id is
  // fixed when the row is written, so a send repeated after a crash carries the same Message-ID.
  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('follow_up_id', 'text', (c) => c.references('follow_ups.id'))
    .addColumn('webhook_endpoint_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('headers_json', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbound_messages_due').on('outbound_messages').columns(['state', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('outbound_messages_case').on('outbound_messages').columns(['case_id', 'id']).execute();
  await db.schema.createIndex('outbound_messages_follow_up').on('outbound_messages').columns(['follow_up_id']).execute();

  // Mail received, keyed by Message-ID so the same mail is taken in once however often it arrives.
  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_via', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('interaction_id', 'text')
    .addColumn('note', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbound_messages_received').on('inbound_messages').columns(['received_at', 'id']).execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
