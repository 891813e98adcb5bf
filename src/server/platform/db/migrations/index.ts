import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';

/** The one ordered list of migrations, for both engines. Append; never edit or reorder. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};
