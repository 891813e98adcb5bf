import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { IMPORT_MODES, ROLES, type ImportMode } from '../../shared/index.js';
import { createApiKey } from '../modules/access/api-keys.store.js';
import { createUser } from '../modules/access/users.store.js';
import { verifyAuditChain } from '../modules/audit/audit.store.js';
import { channelsConfigFrom, configureChannels } from '../modules/channels/channels-config.js';
import { startDispatcher } from '../modules/channels/dispatcher.js';
import { seedDemo, type DemoLogin } from '../modules/demo/demo-data.js';
import { IMPORTERS, runImport, type ImportKind } from '../modules/imports/imports.routes.js';
import { serverConfigFrom, storeLocationFrom } from '../platform/config.js';
import { openStore, type Store } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { inTransaction, type Actor } from '../platform/db/work.js';
import { jobHandlers } from '../platform/jobs/handlers.js';
import { startWorker } from '../platform/jobs/worker.js';
import { startServer } from './serve.js';

const CLI_ACTOR: Actor = { type: 'system', id: null, name: 'aftercare CLI' };

const USAGE = `usage: aftercare <command>

  serve [--port N] [--host H] [--demo] [--no-worker]
                                         API, web UI and job worker in one process (--demo seeds an
                                         empty store; --no-worker leaves due jobs to worker processes)
  worker                                 runs due jobs (SLA warnings, follow-ups…) and sends the outbox
                                         (email, SMS, webhooks) without the API
  migrate                                apply pending migrations
  demo                                   fill an empty store with demo data
  import customers|orders FILE [--mode all-or-nothing|valid-only]
  audit verify                           check the audit hash chain
  users create --email E --name N --role R --password P [--team TEAM_ID]
  api-keys create --name NAME --role ROLE prints the new key once, on its last line

The store is chosen by DATABASE_URL: unset = SQLite at ./data/aftercare.db, sqlite:PATH, or postgres://...`;

/** Opens the store, brought up to date first unless the command is the migration itself. */
async function withStore<T>(run: (store: Store) => Promise<T>, { migrate = true } = {}): Promise<T> {
  const store = openStore(storeLocationFrom(process.env.DATABASE_URL));
  try {
    if (migrate) await migrateToLatest(store.db);
    return await run(store);
  } finally {
    await store.close();
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  if (value && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${flag} must be one of ${allowed.join(', ')}${value ? ` (got "${value}")` : ''}`);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}

function printLogins(logins: DemoLogin[]): void {
  console.log('Demo sign-ins (password for all: %s):', logins[0]?.password);
  for (const login of logins) console.log(`  ${login.role.padEnd(10)} ${login.email}`);
}

/** Runs one CLI command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean' },
      'no-worker': { type: 'boolean' },
      mode: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      team: { type: 'string' },
    },
  });

  switch (command) {
    case 'serve': {
      const config = serverConfigFrom(process.env, { port: values.port, host: values.host });
      const running = await startServer(config, { demo: values.demo ?? false, onDemoSeeded: printLogins, worker: !values['no-worker'] });
      console.log(`Aftercare is running on ${config.store.engine}${running.worker ? '' : ' without a job worker'}: open ${running.url}`);
      if (running.inboundSmtp) console.log(`Aftercare takes in mail by SMTP on port ${running.inboundSmtp.port}`);
      // Finish in-flight requests and close the store cleanly on Ctrl-C or a service stop.
      return new Promise<number>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.close().then(() => resolve(0)));
      });
    }
    case 'worker':
      return withStore(async (store) => {
        configureChannels(store, channelsConfigFrom(process.env));
        const worker = startWorker(store, jobHandlers());
        const dispatcher = startDispatcher(store);
        // The worker's timer never holds a process open on its own; here it is all there is to do.
        const keepAlive = setInterval(() => {}, 1 << 30);
        console.log(`Aftercare worker is running on ${store.engine}`);
        await new Promise<void>((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
        });
        // The job in progress and the sends in flight finish and commit before the store closes.
        await Promise.all([worker.stop(), dispatcher.stop()]);
        clearInterval(keepAlive);
        console.log('Aftercare worker stopped');
        return 0;
      });
    case 'migrate':
      return withStore(async (store) => {
        const { applied } = await migrateToLatest(store.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
        return 0;
      }, { migrate: false });
    case 'demo':
      return withStore(async (store) => {
        printLogins((await seedDemo(store)).logins);
        return 0;
      });
    case 'import': {
      const kind = oneOf(positionals[0], Object.keys(IMPORTERS) as ImportKind[], 'import <kind>');
      const file = required(positionals[1], 'FILE');
      const mode: ImportMode = values.mode ? oneOf(values.mode, IMPORT_MODES, '--mode') : 'all-or-nothing';
      const csv = fs.readFileSync(file, 'utf8');
      return withStore(async (store) => {
        const report = await runImport(store, CLI_ACTOR, kind, csv, mode);
        for (const problem of report.problems) console.error(`${file}:${problem.line}: ${problem.field} ${problem.reason}`);
        console.log(
          `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected` +
            (report.imported ? '' : ' — nothing was imported'),
        );
        return report.problems.length === 0 ? 0 : report.imported ? 0 : 1;
      });
    }
    case 'audit': {
      if (positionals[0] !== 'verify') throw new Error('usage: aftercare audit verify');
      return withStore(async (store) => {
        const report = await verifyAuditChain(store.db);
        if (report.ok) {
          console.log(`audit chain intact: ${report.checked} events verified`);
          return 0;
        }
        console.error(`audit chain broken at event ${report.problem.seq}: ${report.problem.message}`);
        return 2;
      });
    }
    case 'users': {
      if (positionals[0] !== 'create') throw new Error('usage: aftercare users create --email E --name N --role R --password P');
      const input = {
        email: required(values.email, '--email'),
        name: required(values.name, '--name'),
        role: oneOf(values.role, ROLES, '--role'),
        password: required(values.password, '--password'),
        teamId: values.team,
      };
      if (input.password.length < 10) throw new Error('--password must be at least 10 characters');
      return withStore(async (store) => {
        const user = await inTransaction(store, CLI_ACTOR, (work) => createUser(work, input));
        console.log(`created ${user.role} ${user.email} (${user.id})`);
        return 0;
      });
    }
    case 'api-keys': {
      if (positionals[0] !== 'create') throw new Error('usage: aftercare api-keys create --name NAME --role ROLE');
      const input = { name: required(values.name, '--name'), role: oneOf(values.role, ROLES, '--role') };
      return withStore(async (store) => {
        const key = await inTransaction(store, CLI_ACTOR, (work) => createApiKey(work, input));
        console.log(`created API key ${key.id} "${key.name}" with role ${key.role}; it is shown only now:`);
        console.log(key.key);
        return 0;
      });
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}
