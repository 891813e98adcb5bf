import { type CreateTableBuilder, sql, type Kysely } from 'kysely';

// The team, assignee, channel and kind on each fact are the dimensions the dashboard filters by.
const dimensions = ['team_id', 'assignee_id', 'channel', 'kind'] as const;
const withDimensions = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
  dimensions.reduce((builder, column) => builder.addColumn(column, 'text') as unknown as CreateTableBuilder<T, C>, table);

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// KPI facts: what each KPI counts, one narrow row per counted thing, kept up to date in the unit of
// work that changes what it is derived from, so a dashboard over a quarter of a large desk reads
// indexes of small rows and per-day counts instead of every case's history (issue #6).
export async function up(db: Kysely<unknown>): Promise<void> {
  // A case that entered resolved: first contact resolution and reopen rate, counted at its first resolution.
  await db.schema
    .createTable('kpi_resolved_cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('transaction_id', 'text')
    .addColumn('first_resolved_at', 'text', (c) => c.notNull())
    .addColumn('first_contact', 'integer', (c) => c.notNull())
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .$call(withDimensions)
    .execute();
  // Each fact table has an index by the instant it counts at covering every filter, and one per
  // dimension (a team, an agent, a channel, a kind) leading with it and covering what is counted, so
  // a filtered figure reads only the facts of that team, agent, channel or kind.
  const counted = ['first_contact', 'reopened'];
  await db.schema.createIndex('kpi_resolved_cases_at').on('kpi_resolved_cases').columns(['first_resolved_at', ...dimensions, ...counted]).execute();
  for (const dimension of dimensions) {
    await db.schema.createIndex(`kpi_resolved_cases_${dimension}`).on('kpi_resolved_cases').columns([dimension, 'first_resolved_at', ...counted]).execute();
  }
  // A case opened on an order can undo the FCR of the resolved cases on it: found without reading the order's other cases.
  await db.schema.createIndex('kpi_resolved_cases_order').on('kpi_resolved_cases').columns(['transaction_id']).execute();

  // A case's SLA target with an outcome: met when stopped in time, breached at its due time, or
  // running towards a due time (breached once it passes). `minutes` and `minutes_bucket` are the
  // business minutes used, for a target that stopped.
  await db.schema
    .createTable('kpi_sla_targets')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('outcome_at', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'text')
    .addColumn('minutes', 'double precision')
    .addColumn('minutes_bucket', 'integer')
    .$call(withDimensions)
    .addPrimaryKeyConstraint('kpi_sla_targets_pk', ['case_id', 'target'])
    .execute();
  await db.schema.createIndex('kpi_sla_targets_outcome').on('kpi_sla_targets').columns(['outcome_at', 'state', ...dimensions]).execute();
  // Running targets breach as time passes, which no write records: they are counted from the facts.
  await db.schema.createIndex('kpi_sla_targets_running').on('kpi_sla_targets').columns(['state', 'outcome_at', ...dimensions]).execute();
  await db.schema.createIndex('kpi_sla_targets_stopped').on('kpi_sla_targets').columns(['target', 'stopped_at', 'minutes_bucket', ...dimensions]).execute();
  for (const dimension of dimensions) {
    await db.schema.createIndex(`kpi_sla_targets_outcome_${dimension}`).on('kpi_sla_targets').columns([dimension, 'outcome_at', 'state']).execute();
    await db.schema.createIndex(`kpi_sla_targets_stopped_${dimension}`).on('kpi_sla_targets').columns([dimension, 'target', 'stopped_at', 'minutes_bucket']).execute();
  }
  await db.schema
    .createIndex('kpi_sla_targets_bucket')
    .on('kpi_sla_targets')
    .columns(['target', 'minutes_bucket', 'stopped_at', 'minutes', ...dimensions])
    .execute();

  // An interaction entered by a person: its logging lag, under who entered it, its channel, and its case's team and kind.
  await db.schema
    .createTable('kpi_logging_lags')
    .addColumn('interaction_id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('minutes', 'double precision', (c) => c.notNull())
    .addColumn('minutes_bucket', 'integer', (c) => c.notNull())
    .$call(withDimensions)
    .execute();
  await db.schema
    .createIndex('kpi_logging_lags_at')
    .on('kpi_logging_lags')
    .columns(['occurred_at', 'minutes_bucket', ...dimensions])
    .execute();
  await db.schema
    .createIndex('kpi_logging_lags_bucket')
    .on('kpi_logging_lags')
    .columns(['minutes_bucket', 'occurred_at', 'minutes', ...dimensions])
    .execute();
  for (const dimension of dimensions) {
    await db.schema.createIndex(`kpi_logging_lags_${dimension}`).on('kpi_logging_lags').columns([dimension, 'occurred_at', 'minutes_bucket']).execute();
  }

  // A follow-up that was due: on time, late, still within its hour (waiting until `grace_until`) or skipped.
  await db.schema
    .createTable('kpi_follow_ups')
    .addColumn('follow_up_id', 'text', (c) => c.primaryKey())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('grace_until', 'text', (c) => c.notNull())
    .addColumn('skip_code', 'text')
    .$call(withDimensions)
    .execute();
  await db.schema.createIndex('kpi_follow_ups_due').on('kpi_follow_ups').columns(['due_at', 'outcome', ...dimensions]).execute();
  // Skipped ones (by reason) and waiting ones (late once their hour has passed) are counted from the facts.
  await db.schema.createIndex('kpi_follow_ups_outcome').on('kpi_follow_ups').columns(['outcome', 'due_at', 'grace_until', 'skip_code', ...dimensions]).execute();

  // Per UTC month and per UTC day (`grain`), how many facts of a measure fall in each bucket:
  // resolved cases by first contact and reopening, SLA outcomes by met or breached, follow-ups by
  // on time or late, and the value
  // buckets of first response and resolution minutes and of logging lags. A whole-desk figure over
  // a long period adds up a few of these rows per month and per day at its ends, and reads facts
  // only for its first and last part days; a percentile then reads single values only from the
  // bucket its rank falls in.
  await db.schema
    .createTable('kpi_buckets')
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_buckets_pk', ['measure', 'grain', 'period', 'bucket'])
    .execute();

  // Complaints per 1,000 orders, filtered: the complaints of a team, agent or channel are counted
  // from the index alone, not by reading each complaint's row of the cases table.
  await db.schema.dropIndex('cases_kind_opened').execute();
  await db.schema.createIndex('cases_kind_opened').on('cases').columns(['kind', 'opened_at', 'team_id', 'assignee_id', 'channel']).execute();

  // The facts of what is already stored are derived by the worker, a batch per job; a new store has
  // none. (The count is a literal: PostgreSQL types the parameters of a SELECT as text.)
  const now = new Date().toISOString();
  await sql`insert into scheduled_jobs (id, kind, key, run_at, state, attempts, payload_json, created_at, updated_at)
    select ${'job_kpi_facts_rebuild'}, ${'kpi.rebuild'}, ${'kpi:rebuild'}, ${now}, ${'pending'}, ${sql.lit(0)}, ${'{"phase":"cases","after":null}'}, ${now}, ${now}
    where exists (select 1 from cases) or exists (select 1 from interactions) or exists (select 1 from follow_ups)`.execute(db);
}
