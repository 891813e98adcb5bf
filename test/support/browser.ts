import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../src/shared/index.js';
import type { Engine } from '../../src/server/platform/db/database.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from './server.js';

// Debian's Chromium, headless; never a downloaded browser.
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--no-first-run',
  ],
};

const BUILT_UI = path.resolve('dist/web/index.html');

export interface Workspace {
  server: TestServer;
  browser: Browser;
}

/**
 * A test server on `engine` serving the built UI, and Chromium to drive it, for the tests of one
 * describe block; the returned object is filled in before the first test runs.
 */
export function useWorkspace(engine: Engine): Workspace {
  const workspace = {} as Workspace;
  beforeAll(async () => {
    if (!fs.existsSync(BUILT_UI)) throw new Error(`${BUILT_UI} is missing: run \`npm run build\` first (npm test does)`);
    workspace.server = await startTestServer(engine);
    workspace.browser = await chromium.launch(CHROMIUM);
  });
  afterAll(async () => {
    await workspace.browser?.close();
    await workspace.server?.close();
  });
  return workspace;
}

/** Signs in through the login page, as the test user of `role`, and waits for the inbox. */
export async function signIn(page: Page, server: TestServer, role: Role = 'agent'): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Email').fill(server.users[role].email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
}
