import type { CreateReplyTemplate, RenderedTemplate, ReplyTemplate, TemplateListQuery, UpdateReplyTemplate } from '../../../shared/index.js';
import { TEMPLATE_VARIABLES } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { ReplyTemplateRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';
import { policyTitles } from './policies.store.js';
import { renderTemplate, unknownVariables } from './template-render.js';

function toTemplate(row: ReplyTemplateRow, policyTitle: string | null): ReplyTemplate {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ReplyTemplate['kind'],
    channel: row.channel as ReplyTemplate['channel'],
    language: row.language,
    body: row.body,
    policyId: row.policy_id,
    policyTitle,
    active: Boolean(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Templates with the title of the policy each links to, as that policy stands now. */
async function withPolicyTitles(db: Queryable, rows: readonly ReplyTemplateRow[]): Promise<ReplyTemplate[]> {
  const titles = await policyTitles(db, rows.flatMap((row) => (row.policy_id ? [row.policy_id] : [])));
  return rows.map((row) => toTemplate(row, row.policy_id ? (titles.get(row.policy_id) ?? null) : null));
}

async function templateOrThrow(db: Queryable, id: string): Promise<ReplyTemplateRow> {
  const row = await db.selectFrom('reply_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('template', id);
  return row;
}

export async function listTemplates(db: Queryable, query: TemplateListQuery): Promise<ReplyTemplate[]> {
  let select = db.selectFrom('reply_templates').selectAll().orderBy('name');
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.channel) select = select.where('channel', '=', query.channel);
  if (query.language) select = select.where('language', '=', query.language);
  if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
  return withPolicyTitles(db, await select.execute());
}

export async function getTemplate(db: Queryable, id: string): Promise<ReplyTemplate> {
  const [template] = await withPolicyTitles(db, [await templateOrThrow(db, id)]);
  return template!;
}

async function checkTemplate(db: Queryable, input: { body?: string; policyId?: string | null }): Promise<void> {
  if (input.body !== undefined) {
    const unknown = unknownVariables(input.body);
    if (unknown.length > 0) {
      throw invalidField('body', `uses unknown variable ${unknown.map((name) => `{{${name}}}`).join(', ')}; known: ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`);
    }
  }
  if (input.policyId) {
    const policy = await db.selectFrom('policies').select('id').where('id', '=', input.policyId).executeTakeFirst();
    if (!policy) throw invalidField('policyId', `refers to no policy (${input.policyId})`);
  }
}

export async function createTemplate(work: Work, input: CreateReplyTemplate): Promise<ReplyTemplate> {
  await checkTemplate(work.tx, input);
  const now = nowInstant();
  const id = newId('tpl');
  await insertAudited(work, 'reply_templates', {
    id,
    name: input.name,
    kind: input.kind,
    channel: input.channel,
    language: input.language,
    body: input.body,
    policy_id: input.policyId ?? null,
    active: 1,
    created_at: now,
    updated_at: now,
  });
  return getTemplate(work.tx, id);
}

export async function updateTemplate(work: Work, id: string, change: UpdateReplyTemplate): Promise<ReplyTemplate> {
  const before = await templateOrThrow(work.tx, id);
  await checkTemplate(work.tx, change);
  await updateAudited(work, 'reply_templates', before, {
    name: change.name,
    kind: change.kind,
    channel: change.channel,
    language: change.language,
    body: change.body,
    policy_id: change.policyId,
    active: change.active === undefined ? undefined : change.active ? 1 : 0,
    updated_at: nowInstant(),
  });
  return getTemplate(work.tx, id);
}

/** A template filled in for one case, as the agent named `agentName` would send it. */
export async function renderForCase(db: Queryable, caseId: string, templateId: string, agentName: string | null): Promise<RenderedTemplate> {
  const template = await templateOrThrow(db, templateId);
  const found = await db
    .selectFrom('cases')
    .innerJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('transactions', 'transactions.id', 'cases.transaction_id')
    .select(['cases.number', 'customers.name as customer_name', 'transactions.external_id'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!found) throw notFound('case', caseId);
  const rendered = renderTemplate(template.body, {
    'customer.name': found.customer_name,
    'order.number': found.external_id,
    'case.number': found.number,
    'agent.name': agentName,
  });
  return { templateId, ...rendered };
}
