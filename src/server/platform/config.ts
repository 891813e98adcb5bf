import path from 'node:path';

export type StoreLocation =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; connectionString: string };

/**
 * `DATABASE_URL` chooses the store: unset → SQLite at ./data/aftercare.db, `sqlite:PATH` → another
 * SQLite file, `postgres://…` → PostgreSQL.
 */
export function storeLocationFrom(databaseUrl: string | undefined, cwd = process.cwd()): StoreLocation {
  if (!databaseUrl) return { engine: 'sqlite', file: path.resolve(cwd, 'data', 'aftercare.db') };
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/aftercare.db');
    return { engine: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return { engine: 'postgres', connectionString: databaseUrl };
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl.split(':')[0]}:")`);
}

export interface ServerConfig {
  store: StoreLocation;
  port: number;
  host: string;
  /** Secure cookies need HTTPS; off for localhost. */
  secureCookies: boolean;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (sign-in throttling uses it). */
  trustProxy: boolean;
  logLevel: string;
}

export function serverConfigFrom(env: NodeJS.ProcessEnv, flags: { port?: string; host?: string } = {}): ServerConfig {
  const port = Number(flags.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0 to 65535 (got ${flags.port ?? env.PORT})`);
  return {
    store: storeLocationFrom(env.DATABASE_URL),
    port,
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    secureCookies: env.SECURE_COOKIES === 'true',
    trustProxy: env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
