// PLACEHOLDER written by the lead so the server compiles; helper-2 replaces this file.
import type { Role } from '../../../shared/index.js';
import type { Store } from '../../platform/db/database.js';
export async function seedDemo(_store: Store, _options?: { seed?: number; customers?: number }): Promise<{ logins: { email: string; password: string; role: Role }[] }> {
  throw new Error('demo data not written yet');
}
