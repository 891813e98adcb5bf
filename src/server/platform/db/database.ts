import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction as KyselyTransaction } from 'kysely';
import pg from 'pg';
import type { StoreLocation } from '../config.js';
import type { Database } from './schema.js';

export type Engine = StoreLocation['engine'];
export type Db = Kysely<Database>;
export type Tx = KyselyTransaction<Database>;
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx;

export interface Store {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (counts, sums, bigint columns) as strings; every figure we keep in
// bigint fits a double, so parse them to numbers once, here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export function openStore(location: StoreLocation, options: { poolSize?: number } = {}): Store {
  if (location.engine === 'sqlite') {
    if (location.file !== ':memory:') fs.mkdirSync(path.dirname(location.file), { recursive: true });
    const sqlite = new SqliteDatabase(location.file);
    sqlite.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL is durable against process crashes; only an OS crash can lose
    // the last transactions, which is the usual trade for an embedded store.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, engine: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: location.connectionString, max: options.poolSize ?? 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}
