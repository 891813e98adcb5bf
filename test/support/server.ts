import { ROLES, type Role } from '../../src/shared/index.js';
import { startServer, type RunningServer } from '../../src/server/cli/serve.js';
import { channelsConfigFrom, type ChannelsConfig } from '../../src/server/modules/channels/channels-config.js';
import type { Dispatcher, DispatcherOptions } from '../../src/server/modules/channels/dispatcher.js';
import { createApiKey } from '../../src/server/modules/access/api-keys.store.js';
import { createUser } from '../../src/server/modules/access/users.store.js';
import type { StoreLocation } from '../../src/server/platform/config.js';
import type { Engine } from '../../src/server/platform/db/database.js';
import { inTransaction, SYSTEM_ACTOR } from '../../src/server/platform/db/work.js';
import type { JobWorker, WorkerOptions } from '../../src/server/platform/jobs/worker.js';
import { freshStoreLocation } from './stores.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer extends RunningServer {
  engine: Engine;
  /** Where its store is, for opening a second connection as another process would. */
  location: StoreLocation;
  /** One API key per role. */
  keys: Record<Role, string>;
  /** One user per role, email `<role>@test.local`, password TEST_PASSWORD. */
  users: Record<Role, { id: string; email: string }>;
  /** The server's job worker; unless started with `worker`, it runs jobs only when a test calls runDueJobs(). */
  worker: JobWorker;
  /** The server's outbox dispatcher; unless started with `dispatcher` options that poll, it sends only when a test calls runDue(). */
  dispatcher: Dispatcher;
  /** Calls the API as a role (default agent) with a JSON body. */
  api<T = any>(method: string, path: string, body?: unknown, options?: { as?: Role | null; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
}

/**
 * A real Aftercare server on a random port over a fresh store of the given engine. Its job worker
 * and outbox dispatcher do not poll, so a test decides when due jobs run
 * (`server.worker.runDueJobs()`) and when messages are sent (`server.dispatcher.runDue()`);
 * `worker: true` or worker options make the worker poll as in production, `dispatcher` options
 * with a `pollMs` the dispatcher. `channels` sets SMTP, SMS and the like for this server alone
 * (the rest are the defaults: no SMTP, SMS to the log), since many servers share one test process.
 */
export async function startTestServer(
  engine: Engine,
  options: { demo?: boolean; worker?: true | WorkerOptions; dispatcher?: DispatcherOptions; channels?: Partial<ChannelsConfig> } = {},
): Promise<TestServer> {
  const store = await freshStoreLocation(engine);
  const running = await startServer(
    { store, port: 0, host: '127.0.0.1', secureCookies: false, trustProxy: false, logLevel: 'silent' },
    {
      logger: false,
      demo: options.demo,
      worker: options.worker ?? { pollMs: Infinity },
      dispatcher: { pollMs: Infinity, ...options.dispatcher },
      channels: { ...channelsConfigFrom({}), ...options.channels },
    },
  );
  const keys = {} as Record<Role, string>;
  const users = {} as Record<Role, { id: string; email: string }>;
  await inTransaction(running.store, SYSTEM_ACTOR, async (work) => {
    for (const role of ROLES) {
      const user = await createUser(work, { email: `${role}@test.local`, name: `Test ${role}`, role, password: TEST_PASSWORD });
      users[role] = { id: user.id, email: user.email };
      keys[role] = (await createApiKey(work, { name: `test ${role}`, role })).key;
    }
  });
  const base = running.url.replace(/\/$/, '');
  return {
    ...running,
    worker: running.worker!,
    dispatcher: running.dispatcher!,
    engine,
    location: store,
    keys,
    users,
    async api(method, path, body, { as = 'agent', headers = {} } = {}) {
      const response = await fetch(base + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(as ? { authorization: `Bearer ${keys[as]}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (a page or a CSV export): keep the text.
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
  };
}
