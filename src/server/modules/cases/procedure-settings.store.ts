import type { ProcedureSettings, UpdateProcedureSettings } from '../../../shared/index.js';
import { DEFAULT_DEFENSIVE_PHRASES } from '../../../shared/index.js';
import { insertAudited, updateAudited } from '../../platform/db/audited-writes.js';
import type { Queryable } from '../../platform/db/database.js';
import { compiledOnce } from '../../platform/db/compiled-query.js';
import { storeCache } from '../../platform/db/store-cache.js';
import type { Work } from '../../platform/db/work.js';
import { nowInstant } from '../../platform/ids.js';

const SETTING_ID = 'procedure';

export const DEFAULT_PROCEDURE_SETTINGS: ProcedureSettings = {
  unreachableAttempts: 3,
  defensivePhrases: [...DEFAULT_DEFENSIVE_PHRASES],
};

const settingRow = compiledOnce((db, id: string) => db.selectFrom('settings').selectAll().where('id', '=', id));

/** The settings as saved, over the defaults: a setting nobody changed follows the defaults. */
export async function procedureSettings(db: Queryable): Promise<ProcedureSettings> {
  const [row] = await settingRow(db, SETTING_ID);
  return row ? { ...DEFAULT_PROCEDURE_SETTINGS, ...(JSON.parse(row.value_json) as Partial<ProcedureSettings>) } : DEFAULT_PROCEDURE_SETTINGS;
}

const cachedSettings = storeCache(['settings'], procedureSettings);

/** The settings, kept in memory between changes: for paths that run on every request. */
export function keptProcedureSettings(work: Work): Promise<ProcedureSettings> {
  return cachedSettings(work.store, work.tx);
}

export async function updateProcedureSettings(work: Work, change: UpdateProcedureSettings): Promise<ProcedureSettings> {
  const [row] = await settingRow(work.tx, SETTING_ID);
  const saved = row ? (JSON.parse(row.value_json) as Partial<ProcedureSettings>) : {};
  const next = { ...saved, ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) };
  const value_json = JSON.stringify(next);
  if (row) await updateAudited(work, 'settings', row, { value_json, updated_at: nowInstant() });
  else await insertAudited(work, 'settings', { id: SETTING_ID, value_json, updated_at: nowInstant() });
  return { ...DEFAULT_PROCEDURE_SETTINGS, ...next };
}
