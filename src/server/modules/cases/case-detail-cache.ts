import type { CaseDetail } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
import { onCommitted } from '../../platform/db/work.js';
import { getCaseDetail } from './cases.store.js';

/** Bounds the memory kept: the JSON of long timelines can run to hundreds of kilobytes. */
const MAX_CHARS = 32 * 1024 * 1024;
// Records of one case, which name their case when they are created but not in later updates.
const PARTS_OF_A_CASE = new Set(['interactions', 'case_transitions', 'resolutions', 'sla_events']);
// Names, titles and settings shown in a case detail come from these; a change to one may touch many cases.
const SHOWN_IN_DETAIL = new Set(['customers', 'users', 'teams', 'policies', 'policy_versions', 'settings', 'sla_policies', 'business_calendars']);

export interface ReadCase {
  detail: CaseDetail;
  /** The detail as JSON, kept with it so a cached answer is not serialised again. */
  json: string;
}

/**
 * Case details as last read, on the embedded store. A case is read far more often than it
 * changes (every agent on it, every refresh), and the read costs more than the rest of the
 * request. Entries are dropped when this process commits a change to the case, its
 * interactions or the names it shows; a commit by any other process (SQLite's data_version
 * moves) drops them all. On PostgreSQL, where many processes write, every read goes to the store.
 */
export function createCaseDetailReader(store: Store): (id: string) => Promise<ReadCase> {
  const read = async (id: string): Promise<ReadCase> => {
    const detail = await getCaseDetail(store.db, id);
    return { detail, json: JSON.stringify(detail) };
  };
  const { dataVersion: readDataVersion } = store;
  if (!readDataVersion) return read;

  const details = new Map<string, ReadCase>();
  // Bumped on every drop, so a read that raced a commit does not store what it read before it.
  let generation = 0;
  let dataVersion: number | null = null;
  let chars = 0;
  const forget = (id: string) => {
    const known = details.get(id);
    if (!known) return;
    chars -= known.json.length;
    details.delete(id);
  };
  const forgetAll = () => {
    generation++;
    details.clear();
    chars = 0;
  };

  onCommitted(store, (changes) => {
    generation++;
    for (const change of changes) {
      if (change.entityType === 'cases') forget(change.entityId);
      else if (PARTS_OF_A_CASE.has(change.entityType) && typeof change.after.case_id === 'string') forget(change.after.case_id);
      else if (PARTS_OF_A_CASE.has(change.entityType) || SHOWN_IN_DETAIL.has(change.entityType)) forgetAll();
    }
  });

  return async (id) => {
    const version = readDataVersion();
    if (version !== dataVersion) {
      dataVersion = version;
      forgetAll();
    }
    const known = details.get(id);
    if (known) return known;
    const readIn = generation;
    const fresh = await read(id);
    if (readIn === generation && fresh.json.length <= MAX_CHARS) {
      forget(id);
      while (chars + fresh.json.length > MAX_CHARS) forget(details.keys().next().value!);
      details.set(id, fresh);
      chars += fresh.json.length;
    }
    return fresh;
  };
}
