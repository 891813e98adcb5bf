import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new id: a readable prefix (`cus`, `case`, `int`…) and a ULID, so ids sort by creation time
 * and cursor pagination can page on the id alone.
 */
export function newId(prefix: string, at = Date.now()): string {
  let time = '';
  let rest = at;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[random[i]! % 32];
  return `${prefix}_${time}${tail}`;
}

/** Now as the ISO-8601 UTC string every instant is stored as. */
export function nowInstant(): string {
  return new Date().toISOString();
}

/** Normalises any ISO-8601 date-time with an offset to the stored UTC form. */
export function toInstant(value: string): string {
  return new Date(value).toISOString();
}
