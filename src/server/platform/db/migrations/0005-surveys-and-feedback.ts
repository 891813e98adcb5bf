import type { Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// Feedback: survey invitations (sent as follow-ups, answered through a signed single-use link),
// their responses, and the improvement items managers make of what the feedback says.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One invitation per survey asked. Who handled the case, which team, channel and kind are kept as
  // they were when it was asked, so the scores count for them even after the case moves on.
  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('transaction_id', 'text', (c) => c.references('transactions.id'))
    .addColumn('follow_up_id', 'text', (c) => c.references('follow_ups.id'))
    .addColumn('rule_id', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('questions_json', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('case_channel', 'text')
    .addColumn('case_kind', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('survey_invitations_customer').on('survey_invitations').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('survey_invitations_case').on('survey_invitations').columns(['case_id']).execute();

  // At most one response per invitation: the unique key is what makes a link single-use, whatever
  // races. Scores are null where the question was not asked or not answered.
  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().unique().references('survey_invitations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('csat', 'integer')
    .addColumn('nps', 'integer')
    .addColumn('ces', 'integer')
    .addColumn('comment', 'text')
    .addColumn('sentiment', 'real')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('case_channel', 'text')
    .addColumn('case_kind', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('survey_responses_submitted').on('survey_responses').columns(['submitted_at', 'id']).execute();
  await db.schema.createIndex('survey_responses_case').on('survey_responses').columns(['case_id']).execute();

  await db.schema
    .createTable('improvement_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('affected', 'text')
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('estimated_effect', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('improvement_items_status').on('improvement_items').columns(['status', 'due_date']).execute();
}
