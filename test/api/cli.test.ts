import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/server/platform/config.js';
import { ENGINES, freshStoreLocation } from '../support/stores.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/aftercare.js');

function databaseUrl(location: StoreLocation): string {
  return location.engine === 'sqlite' ? `sqlite:${location.file}` : location.connectionString;
}

async function aftercare(location: StoreLocation, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl(location) } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.each(ENGINES)('the aftercare command on %s', (engine) => {
  it('migrates, creates users and keys, imports, and verifies the audit chain', async () => {
    const store = await freshStoreLocation(engine);
    expect((await aftercare(store, 'migrate')).stdout).toContain('applied: 0001-foundation');
    expect((await aftercare(store, 'migrate')).stdout).toContain('up to date');

    const user = await aftercare(store, 'users', 'create', '--email', 'lead@shop.example', '--name', 'Lead', '--role', 'supervisor', '--password', 'a long password');
    expect(user.stdout).toMatch(/created supervisor lead@shop\.example/);
    const badRole = await aftercare(store, 'users', 'create', '--email', 'x@shop.example', '--name', 'X', '--role', 'boss', '--password', 'a long password');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of agent, supervisor, manager, admin, auditor');

    const key = await aftercare(store, 'api-keys', 'create', '--name', 'shop', '--role', 'agent');
    expect(key.stdout.trim().split('\n').at(-1)).toMatch(/^ack_[A-Za-z0-9_-]{40,}$/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-cli-'));
    const good = path.join(dir, 'customers.csv');
    fs.writeFileSync(good, 'external_ref,name,email\nCRM-1,Ana,ana@example.com\nCRM-2,Ben,ben@example.com\n');
    expect((await aftercare(store, 'import', 'customers', good)).stdout).toContain('2 rows: 2 created');
    expect((await aftercare(store, 'import', 'customers', good)).stdout).toContain('0 created, 0 updated, 2 unchanged');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'external_ref,name,email\nCRM-3,Cid,cid@example.com\nCRM-4,Dee,not-an-email\n');
    const refused = await aftercare(store, 'import', 'customers', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:3: email`);
    expect(refused.stdout).toContain('nothing was imported');

    expect((await aftercare(store, 'audit', 'verify')).stdout).toMatch(/audit chain intact: \d+ events verified/);
  });
});
