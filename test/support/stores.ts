import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { openStore, type Engine, type Store } from '../../src/server/platform/db/database.js';
import { migrateToLatest } from '../../src/server/platform/db/migrate.js';

/** The engines every storage test runs on; TEST_ENGINES=sqlite narrows it for a quick local run. */
export const ENGINES: Engine[] = (process.env.TEST_ENGINES?.split(',') as Engine[] | undefined) ?? ['sqlite', 'postgres'];

let counter = 0;

/** A brand-new, empty store location: a fresh SQLite file, or a fresh PostgreSQL database. */
export async function freshStoreLocation(engine: Engine): Promise<StoreLocation> {
  const name = `ac_${inject('runId')}_${process.pid}_${++counter}`;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-test-'));
    return { engine, file: path.join(dir, `${name}.db`) };
  }
  const adminUrl = inject('postgresAdminUrl');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { engine, connectionString: url.toString() };
}

/** A fresh store of the engine with the schema in place, and where it is (for a second connection). */
export async function openFreshStore(engine: Engine): Promise<{ store: Store; location: StoreLocation }> {
  const location = await freshStoreLocation(engine);
  const store = openStore(location);
  await migrateToLatest(store.db);
  return { store, location };
}
