import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastTail: number[] = [];

function randomTail(): number[] {
  return [...randomBytes(16)].map((byte) => byte % 32);
}

/** The previous tail plus one, so ids made in the same millisecond still sort in creation order. */
function incremented(tail: number[]): number[] {
  const next = [...tail];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]!++;
      return next;
    }
    next[i] = 0;
  }
  return randomTail();
}

/**
 * A new id: a readable prefix (`cus`, `case`, `int`…) and a ULID, so ids sort by creation time
 * and cursor pagination can page on the id alone. `at` back-dates an id to a record's own time.
 */
export function newId(prefix: string, at = Date.now()): string {
  let time = '';
  let rest = at;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  const tail = at === lastTime ? incremented(lastTail) : randomTail();
  lastTime = at;
  lastTail = tail;
  return `${prefix}_${time}${tail.map((digit) => CROCKFORD[digit]).join('')}`;
}

/** Now as the ISO-8601 UTC string every instant is stored as. */
export function nowInstant(): string {
  return new Date().toISOString();
}

/** Normalises any ISO-8601 date-time with an offset to the stored UTC form. */
export function toInstant(value: string): string {
  return new Date(value).toISOString();
}
