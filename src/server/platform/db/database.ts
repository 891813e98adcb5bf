import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction as KyselyTransaction } from 'kysely';
import pg from 'pg';
import { appendAuditEvents, type AuditBatch } from '../../modules/audit/audit.store.js';
import type { StoreLocation } from '../config.js';
import type { Database } from './schema.js';
import { createGroupCommit } from './group-commit.js';
import { openSqliteConnection } from './sqlite-connection.js';

export type Engine = StoreLocation['engine'];
export type Db = Kysely<Database>;
export type Tx = KyselyTransaction<Database>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Store {
  db: Db;
  engine: Engine;
  /**
   * SQLite only: a number that moves whenever another connection (another process) commits, read
   * without waiting for the connection.
   */
  dataVersion?: () => number;
  /**
   * Runs a job in a transaction of its own (or its own savepoint of a shared commit). The audit
   * events the job hands to `audit` are appended to the chain in that transaction just before it
   * commits (on SQLite, with those of every unit sharing the commit), if the job succeeds.
   */
  transact<T>(job: (tx: Tx, audit: (batch: AuditBatch) => void) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (counts, sums, bigint columns) as strings; every figure we keep in
// bigint fits a double, so parse them to numbers once, here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export function openStore(location: StoreLocation, options: { poolSize?: number } = {}): Store {
  if (location.engine === 'sqlite') {
    if (location.file !== ':memory:') fs.mkdirSync(path.dirname(location.file), { recursive: true });
    const { database, dataVersion, execute, stopCheckpoints } = openSqliteConnection(location.file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const close = async () => {
      await stopCheckpoints();
      await db.destroy();
    };
    return { db, engine: 'sqlite', dataVersion, transact: createGroupCommit(db, execute), close };
  }
  const pool = new pg.Pool({ connectionString: location.connectionString, max: options.poolSize ?? 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // PostgreSQL has many writers and commits them concurrently: one transaction per unit of work.
  const transact: Store['transact'] = (job) =>
    db.transaction().execute(async (tx) => {
      const audit: AuditBatch[] = [];
      const value = await job(tx, (batch) => audit.push(batch));
      await appendAuditEvents(tx, audit);
      return value;
    });
  return { db, engine: 'postgres', transact, close: () => db.destroy() };
}
