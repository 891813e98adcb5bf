import type { CreatePolicy, CreatePolicyVersion, Policy, PolicyDetail, PolicyVersion } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import type { PolicyRow, PolicyVersionRow } from '../../platform/db/schema.js';
import type { Work } from '../../platform/db/work.js';
import { conflict, invalidField, notFound } from '../../platform/http/errors.js';
import { newId, nowInstant } from '../../platform/ids.js';

function toVersion(row: PolicyVersionRow): PolicyVersion {
  return {
    policyId: row.policy_id,
    version: Number(row.version),
    title: row.title,
    body: row.body,
    effectiveFrom: row.effective_from,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

/** The version in effect at `at`: the newest that took effect by then. */
function inEffect(versions: readonly PolicyVersionRow[], at: string): PolicyVersionRow | undefined {
  return versions.filter((v) => v.effective_from <= at).sort((a, b) => Number(b.version) - Number(a.version))[0];
}

function toPolicy(policy: PolicyRow, versions: readonly PolicyVersionRow[], at: string): Policy {
  // Before its first version takes effect a policy shows that version, marked by its date.
  const shown = inEffect(versions, at) ?? versions.reduce((a, b) => (Number(a.version) < Number(b.version) ? a : b));
  return {
    id: policy.id,
    title: shown.title,
    body: shown.body,
    version: Number(shown.version),
    effectiveFrom: shown.effective_from,
    latestVersion: Number(policy.latest_version),
    createdAt: policy.created_at,
    updatedAt: policy.updated_at,
  };
}

async function versionsOf(db: Queryable, policyIds: readonly string[]): Promise<Map<string, PolicyVersionRow[]>> {
  const byPolicy = new Map<string, PolicyVersionRow[]>();
  if (policyIds.length === 0) return byPolicy;
  const rows = await db.selectFrom('policy_versions').selectAll().where('policy_id', 'in', policyIds).orderBy('version', 'desc').execute();
  for (const row of rows) byPolicy.set(row.policy_id, [...(byPolicy.get(row.policy_id) ?? []), row]);
  return byPolicy;
}

/** The title each policy has in its version in effect now (or its first, before any is). */
export async function policyTitles(db: Queryable, policyIds: readonly string[]): Promise<Map<string, string>> {
  const versions = await versionsOf(db, [...new Set(policyIds)]);
  const now = nowInstant();
  return new Map([...versions].map(([id, rows]) => [id, (inEffect(rows, now) ?? rows.at(-1)!).title]));
}

export async function listPolicies(db: Queryable): Promise<Policy[]> {
  const policies = await db.selectFrom('policies').selectAll().execute();
  const versions = await versionsOf(db, policies.map((p) => p.id));
  const now = nowInstant();
  return policies.map((p) => toPolicy(p, versions.get(p.id)!, now)).sort((a, b) => a.title.localeCompare(b.title));
}

export async function getPolicy(db: Queryable, id: string): Promise<PolicyDetail> {
  const policy = await db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!policy) throw notFound('policy', id);
  const versions = (await versionsOf(db, [id])).get(id)!;
  return { ...toPolicy(policy, versions, nowInstant()), versions: versions.map(toVersion) };
}

/** The version of a policy in effect at `at`, or undefined when there is no such policy or none is yet. */
export async function policyVersionInEffect(db: Queryable, policyId: string, at: string): Promise<PolicyVersionRow | undefined> {
  return inEffect((await versionsOf(db, [policyId])).get(policyId) ?? [], at);
}

export async function createPolicy(work: Work, input: CreatePolicy): Promise<PolicyDetail> {
  const now = nowInstant();
  const id = newId('pol');
  await insertAudited(work, 'policies', { id, latest_version: 1, created_at: now, updated_at: now });
  await insertAudited(work, 'policy_versions', {
    id: newId('pov'),
    policy_id: id,
    version: 1,
    title: input.title,
    body: input.body,
    effective_from: input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : now,
    created_by_name: work.actor.name,
    created_at: now,
  });
  return getPolicy(work.tx, id);
}

/** Adds a version; earlier versions stay as they were, so what a resolution cited can be read back. */
export async function addPolicyVersion(work: Work, policyId: string, input: CreatePolicyVersion): Promise<PolicyDetail> {
  const policy = await work.tx.selectFrom('policies').selectAll().where('id', '=', policyId).executeTakeFirst();
  if (!policy) throw notFound('policy', policyId);
  const latest = (await versionsOf(work.tx, [policyId])).get(policyId)![0]!;
  const now = nowInstant();
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : now;
  if (effectiveFrom < latest.effective_from) {
    throw invalidField('effectiveFrom', `must not be before version ${latest.version} takes effect (${latest.effective_from})`);
  }
  // Two versions added at once would both be numbered latest + 1: the first to claim the policy
  // row on its current number wins, the other is told to reload.
  const claimed = await work.tx
    .updateTable('policies')
    .set({ latest_version: policy.latest_version })
    .where('id', '=', policyId)
    .where('latest_version', '=', policy.latest_version)
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) throw conflict('policy_changed', 'another version was added meanwhile: reload the policy and try again');
  const version = Number(policy.latest_version) + 1;
  await insertAudited(work, 'policy_versions', {
    id: newId('pov'),
    policy_id: policyId,
    version,
    title: input.title ?? latest.title,
    body: input.body,
    effective_from: effectiveFrom,
    created_by_name: work.actor.name,
    created_at: now,
  });
  await updateAudited(work, 'policies', policy, { latest_version: version, updated_at: now });
  return getPolicy(work.tx, policyId);
}
