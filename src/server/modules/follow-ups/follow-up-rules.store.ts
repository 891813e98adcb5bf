import type { FollowUpRule, FollowUpRuleConditions, SaveFollowUpRule } from '../../../shared/index.js';
import { TRIGGER_PURPOSES } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { FollowUpRuleRow } from '../../platform/db/schema.js';
import { storeCache } from '../../platform/db/store-cache.js';
import type { Work } from '../../platform/db/work.js';
import { invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { ruleProblem } from './follow-up-rules.js';

export function toFollowUpRule(row: FollowUpRuleRow): FollowUpRule {
  return {
    id: row.id,
    name: row.name,
    active: Boolean(row.active),
    trigger: row.trigger as FollowUpRule['trigger'],
    purpose: row.purpose as FollowUpRule['purpose'],
    delayMinutes: Number(row.delay_minutes),
    channel: row.channel as FollowUpRule['channel'],
    conditions: JSON.parse(row.conditions_json) as FollowUpRuleConditions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listFollowUpRules(db: Queryable): Promise<FollowUpRule[]> {
  return (await db.selectFrom('follow_up_rules').selectAll().orderBy('id').execute()).map(toFollowUpRule);
}

const cachedRules = storeCache(['follow_up_rules'], listFollowUpRules);

/** The rules, kept in memory until they change: read on every case transition and delivery. */
export function keptFollowUpRules(work: Work): Promise<FollowUpRule[]> {
  return cachedRules(work.store, work.tx);
}

async function ruleRowOrThrow(db: Queryable, id: string): Promise<FollowUpRuleRow> {
  const row = await db.selectFrom('follow_up_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('follow-up rule', id);
  return row;
}

export async function getFollowUpRule(db: Queryable, id: string): Promise<FollowUpRule> {
  return toFollowUpRule(await ruleRowOrThrow(db, id));
}

function ruleColumns(input: SaveFollowUpRule) {
  const problem = ruleProblem(input, TRIGGER_PURPOSES[input.trigger]);
  if (problem) throw invalidField(problem.field, problem.reason);
  return {
    name: input.name,
    active: input.active ? 1 : 0,
    trigger: input.trigger,
    purpose: input.purpose,
    delay_minutes: input.delayMinutes,
    channel: input.channel,
    conditions_json: JSON.stringify({ ...input.conditions, kinds: [...new Set(input.conditions.kinds)] }),
  };
}

export async function createFollowUpRule(work: Work, input: SaveFollowUpRule): Promise<FollowUpRule> {
  const now = nowInstant();
  const row: FollowUpRuleRow = { id: newId('fur'), ...ruleColumns(input), created_at: now, updated_at: now };
  await insertAudited(work, 'follow_up_rules', row);
  return toFollowUpRule(row);
}

export async function updateFollowUpRule(work: Work, id: string, input: SaveFollowUpRule): Promise<FollowUpRule> {
  const before = await ruleRowOrThrow(work.tx, id);
  return toFollowUpRule(await updateAudited(work, 'follow_up_rules', before, { ...ruleColumns(input), updated_at: nowInstant() }));
}
