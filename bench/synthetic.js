// What the bench's bulk-built stores share (bench/sla.js, bench/dashboard.js): a seeded PRNG so
// every run builds the same data, ids and instants made the way the server makes them but many
// times faster, names, and the figures a timed query is reported with.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A small seeded PRNG (mulberry32): the same data on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number of things from the environment, or the fallback. */
export function count(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return value;
}

/** Nearest-rank percentile of ascending values. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
export const round = (value, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** p50, p95, max and mean of timings in ms. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), max: round(sorted.at(-1)), mean: round(values.reduce((a, b) => a + b, 0) / values.length) };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An id as the server makes them (prefix and ULID: time first, so ids sort by creation), from the PRNG. */
export function idAt(prefix, ms, next) {
  let time = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[Math.floor(next() * 32)];
  return `${prefix}_${time}${tail}`;
}

const DAY_PREFIXES = new Map();
const pad = (value, width) => String(value).padStart(width, '0');
/** Date.toISOString, several times faster for the millions of instants a store needs (a day's prefix is kept). */
export function isoOf(ms) {
  const day = Math.floor(ms / DAY);
  let prefix = DAY_PREFIXES.get(day);
  if (prefix === undefined) DAY_PREFIXES.set(day, (prefix = new Date(day * DAY).toISOString().slice(0, 11)));
  const rest = ms - day * DAY;
  return `${prefix}${pad(Math.floor(rest / HOUR), 2)}:${pad(Math.floor(rest / MINUTE) % 60, 2)}:${pad(Math.floor(rest / 1000) % 60, 2)}.${pad(rest % 1000, 3)}Z`;
}

export const FIRST_NAMES = ['Ana', 'Ben', 'Chloe', 'David', 'Emma', 'Farah', 'George', 'Hana', 'Isaac', 'Julia', 'Kofi', 'Laura', 'Marek', 'Nadia', 'Oscar', 'Priya'];
export const LAST_NAMES = ['Silva', 'Smith', 'Nowak', 'Okafor', 'Rossi', 'Jones', 'Khan', 'Müller', 'Dubois', 'Brown', 'Patel', 'García'];
export const TEAM_NAMES = ['Deliveries', 'Returns', 'Billing', 'Product care', 'Escalations', 'Key accounts'];

/** Teams and agents (spread over the teams), with their rows written in one transaction. */
export function insertTeamsAndAgents(db, next, createdMs, agentCount) {
  const teams = TEAM_NAMES.map((name, i) => ({ id: idAt('team', createdMs + i, next), name }));
  const users = Array.from({ length: agentCount }, (_, i) => ({
    id: idAt('usr', createdMs + DAY + i, next),
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}`,
    teamId: teams[i % teams.length].id,
  }));
  db.transaction(() => {
    const team = db.prepare('insert into teams (id, name, description, created_at, updated_at) values (?, ?, null, ?, ?)');
    for (const t of teams) team.run(t.id, t.name, isoOf(createdMs), isoOf(createdMs));
    const user = db.prepare("insert into users (id, email, name, role, team_id, password_hash, active, created_at, updated_at) values (?, ?, ?, 'agent', ?, 'x', 1, ?, ?)");
    users.forEach((u, i) => user.run(u.id, `agent${i}@bench.local`, u.name, u.teamId, isoOf(createdMs + DAY), isoOf(createdMs + DAY)));
  })();
  return { teams, users };
}

/**
 * Drops the secondary indexes of `tables` before a bulk load and gives back a function that builds
 * them again afterwards from the very statements the migrations ran: built by one sort each, many
 * times faster than millions of inserts into each. `keep` names indexes left in place.
 */
export function deferIndexes(db, tables, keep = []) {
  const placeholders = tables.map(() => '?').join(', ');
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${placeholders})`)
    .all(...tables)
    .filter((index) => !keep.includes(index.name));
  for (const index of indexes) db.exec(`drop index "${index.name}"`);
  return () => {
    for (const index of indexes) db.exec(index.sql);
  };
}

/** A fresh SQLite file migrated with the real migrations, opened bare for a bulk load. */
export async function migratedForBulkLoad(dist, file, Database) {
  const { openStore } = await dist('platform/db/database.js');
  const { migrateToLatest } = await dist('platform/db/migrate.js');
  const store = openStore({ engine: 'sqlite', file });
  await migrateToLatest(store.db);
  await store.close();
  const db = new Database(file);
  // A bulk load, not the server's durability: no journal, no syncs, a big page cache. Leaving WAL
  // for no journal at all is refused in better-sqlite3's default (defensive) mode.
  db.unsafeMode(true);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  return db;
}
