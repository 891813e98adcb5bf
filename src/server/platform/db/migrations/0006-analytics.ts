import type { Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// Analytics: the dashboard's KPIs read each fact by the instant it counts at, so every figure over
// a period is a range scan of an index on that instant rather than a scan of the whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  // First contact resolution and reopen rate: the cases that entered resolved in the period.
  await db.schema.createIndex('case_transitions_to_status_at').on('case_transitions').columns(['to_status', 'at', 'case_id']).execute();
  // Complaints per 1,000 orders: complaints opened, and orders placed, in the period.
  await db.schema.createIndex('cases_kind_opened').on('cases').columns(['kind', 'opened_at']).execute();
  await db.schema.createIndex('transactions_purchased').on('transactions').columns(['purchased_at']).execute();
  // SLA compliance and business times: a clock stops or falls due in the period only on a case
  // changed since its start (a reply or a transition updates the case) or still due.
  await db.schema.createIndex('cases_updated').on('cases').columns(['updated_at']).execute();
  // Follow-ups on time: those due in the period.
  await db.schema.createIndex('follow_ups_due').on('follow_ups').columns(['due_at']).execute();
  // Logging lag: interactions by people in the period, covering what the lag and its filters need
  // so the largest table is read from the index alone.
  await db.schema
    .createIndex('interactions_logged_by_people')
    .on('interactions')
    .columns(['author_type', 'occurred_at', 'logged_at', 'author_id', 'channel', 'case_id'])
    .execute();
  // CSAT, NPS, CES: the answers in the period with their filters and scores, from the index alone.
  await db.schema
    .createIndex('survey_responses_scores')
    .on('survey_responses')
    .columns(['submitted_at', 'team_id', 'agent_id', 'case_channel', 'case_kind', 'csat', 'nps', 'ces'])
    .execute();
}
