import { sql, type Kysely } from 'kysely';

// Frozen: a landed migration is never edited. Change the schema with a new migration.
// Bucket counts per team, agent, channel and kind beside the whole desk's, so a dashboard filtered by
// one of them adds up a few counts per month and day instead of counting a quarter of that
// dimension's facts (issue #6). The counts are derived again from the facts already kept, with the
// buckets the facts module gave each measure when this was written.
const MEASURES = [
  { measure: 'resolved_case', table: 'kpi_resolved_cases', at: 'first_resolved_at', bucket: 'first_contact * 2 + reopened', where: '1 = 1' },
  { measure: 'sla_outcome', table: 'kpi_sla_targets', at: 'outcome_at', bucket: "case when state = 'met' then 0 else 1 end", where: "state in ('met', 'breached')" },
  ...(['first_response', 'resolution'] as const).map((target) => ({
    measure: target,
    table: 'kpi_sla_targets',
    at: 'stopped_at',
    bucket: 'minutes_bucket',
    where: `target = '${target}' and stopped_at is not null and minutes_bucket is not null`,
  })),
  { measure: 'logging_lag', table: 'kpi_logging_lags', at: 'occurred_at', bucket: 'minutes_bucket', where: '1 = 1' },
  { measure: 'follow_up', table: 'kpi_follow_ups', at: 'due_at', bucket: "case when outcome = 'on_time' then 0 else 1 end", where: "outcome in ('on_time', 'late')" },
];
const SCOPES = [
  { scope: "''", where: '1 = 1' },
  ...[
    ['team', 'team_id'],
    ['agent', 'assignee_id'],
    ['channel', 'channel'],
    ['kind', 'kind'],
  ].map(([name, column]) => ({ scope: `'${name}:' || ${column}`, where: `${column} is not null` })),
];
const GRAINS = [
  { grain: 'month', length: 7 },
  { grain: 'day', length: 10 },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kpi_buckets').execute();
  // `scope`: '' for the whole desk, or `team:<id>`, `agent:<id>`, `channel:<channel>`, `kind:<kind>`.
  await db.schema
    .createTable('kpi_buckets')
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('bucket', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_buckets_pk', ['measure', 'scope', 'grain', 'period', 'bucket'])
    .execute();
  for (const m of MEASURES) {
    for (const s of SCOPES) {
      for (const g of GRAINS) {
        await sql`insert into kpi_buckets (measure, scope, grain, period, bucket, n)
          select ${sql.lit(m.measure)}, ${sql.raw(s.scope)}, ${sql.lit(g.grain)}, substr(${sql.ref(m.at)}, 1, ${sql.lit(g.length)}), ${sql.raw(m.bucket)}, count(*)
          from ${sql.table(m.table)} where ${sql.raw(m.where)} and ${sql.raw(s.where)}
          group by 2, 4, 5`.execute(db);
      }
    }
  }
}
