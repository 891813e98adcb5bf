import type { CaseSla, SlaReport, SlaReportQuery } from '../../../shared/index.js';
import type { Queryable } from '../../platform/db/database.js';
import { invalidField } from '../../platform/http/errors.js';
import { summaries, toSummary } from '../cases/cases.store.js';
import { slaReportTally } from './sla-report.js';

const DEFAULT_PERIOD_MS = 30 * 86_400_000;
/** Cases read per query: bounds the memory a report over a large desk takes. */
const BATCH = 2_000;
const BREACHED_LIMIT = 100;

/**
 * The SLA report over [from, to): reads the clocks each case keeps (`sla_json`, derived from its
 * history on every change) of open and closed cases alike, rather than deriving them again.
 */
export async function buildSlaReport(db: Queryable, query: SlaReportQuery, nowMs = Date.now()): Promise<SlaReport> {
  const toMs = query.to ? Date.parse(query.to) : nowMs;
  const fromMs = query.from ? Date.parse(query.from) : toMs - DEFAULT_PERIOD_MS;
  if (fromMs >= toMs) throw invalidField('from', `must be before to (${new Date(toMs).toISOString()})`);
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const tally = slaReportTally(query.groupBy, { fromMs, toMs, nowMs });

  // Every target of a case starts at or after its opening, so cases opened after the period cannot count.
  let after: string | null = null;
  for (;;) {
    let select = db
      .selectFrom('cases')
      .leftJoin('users', 'users.id', 'cases.assignee_id')
      .leftJoin('teams', 'teams.id', 'cases.team_id')
      .select(['cases.id', 'cases.sla_json', 'cases.team_id', 'cases.assignee_id', 'users.name as assignee_name', 'teams.name as team_name'])
      .where('cases.sla_json', 'is not', null)
      .where('cases.opened_at', '<', to)
      .orderBy('cases.id')
      .limit(BATCH);
    if (after !== null) select = select.where('cases.id', '>', after);
    const rows = await select.execute();
    for (const row of rows) {
      const sla = JSON.parse(row.sla_json!) as CaseSla;
      tally.add({
        caseId: row.id,
        policyId: sla.policyId,
        policyName: sla.policyName,
        teamId: row.team_id,
        teamName: row.team_name,
        assigneeId: row.assignee_id,
        assigneeName: row.assignee_name,
        clocks: sla.clocks,
      });
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.id;
  }

  const { groups, breached } = tally.result(BREACHED_LIMIT);
  const ids = breached.map((b) => b.caseId);
  const rows = ids.length ? await summaries(db).where('cases.id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
  return { from, to, groupBy: query.groupBy, groups, breached: ids.flatMap((id) => byId.get(id) ?? []) };
}
