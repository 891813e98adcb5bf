import SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';
import type { DirectExecution } from './compiled-query.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpointer.js';

const STATEMENT_CACHE_SIZE = 500;

/**
 * Opens the embedded store's connection, reusing prepared statements by SQL text: Kysely's driver
 * prepares every query afresh, which costs more than running most of ours.
 */
export function openSqliteConnection(file: string): {
  database: KyselySqliteDatabase;
  dataVersion: () => number;
  /** Runs SQL on the connection now, as Kysely's driver would (see executeDirectly). */
  execute: DirectExecution;
  /** Ends the background checkpoints; before closing the connection, which then removes the WAL. */
  stopCheckpoints: () => Promise<void>;
} {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL is durable against process crashes; only an OS crash can lose
  // the last transactions, which is the usual trade for an embedded store.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Group commit gives each unit of work a savepoint; keep their rollback journals in memory.
  db.pragma('temp_store = MEMORY');
  // Checkpoints run on a thread of their own; this connection's own are only the fallback.
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = onDisk ? startWalCheckpointer(file) : null;

  const statements = new Map<string, SqliteStatement>();
  const dataVersion = db.prepare('pragma data_version').pluck();
  const database: KyselySqliteDatabase = {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      db.close();
    },
  };
  const execute: DirectExecution = (sql, parameters) => {
    const statement = database.prepare(sql);
    if (statement.reader) return statement.all(parameters) as unknown[];
    statement.run(parameters);
    return [];
  };
  return { database, dataVersion: () => Number(dataVersion.get()), execute, stopCheckpoints: async () => checkpointer?.stop() };
}
