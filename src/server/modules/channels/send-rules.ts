/*
 * What happens to a message after a send: pure decisions, tested without a server.
 */

/**
 * A failed send, as a sender reports it. `permanent`: trying again cannot help (a 5xx, an address
 * that does not exist), so the message fails at once; otherwise it is retried with backoff.
 */
export class SendError extends Error {
  readonly permanent: boolean;
  constructor(reason: string, options: { permanent: boolean; cause?: unknown }) {
    super(reason, { cause: options.cause });
    this.name = 'SendError';
    this.permanent = options.permanent;
  }
}

/**
 * The channel cannot send from this process at all (not configured, no sender registered). It is
 * no fault of the message: it stays queued with the reason showing, and the try does not count.
 */
export class ChannelUnavailableError extends SendError {
  constructor(reason: string) {
    super(reason, { permanent: false });
    this.name = 'ChannelUnavailableError';
  }
}

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60_000;
/** How long an unavailable channel waits before it is looked at again. */
export const UNAVAILABLE_RETRY_MS = 5 * 60_000;

/**
 * The wait before the next try after the `attempts`-th failed one: exponential (30 s, doubling, at
 * most an hour) with full jitter, a uniformly random wait up to that bound, so messages that failed
 * together (an SMTP server that was down) do not all come back at the same instant.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const bound = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
  return Math.floor(random() * bound);
}

/** What to record for a message after one try. */
export type SendOutcome =
  /** `note`: something to show although it was sent. */
  | { state: 'sent'; providerRef: string | null; note?: string }
  | { state: 'failed'; reason: string }
  | { state: 'cancelled'; reason: string }
  /** Still queued: tried again at `retryAt`; `attempts` is what the row should now say. */
  | { state: 'queued'; reason: string | null; retryAt: number; attempts: number };

/**
 * The outcome of a failed try. `attempts` counts this try. A permanent failure fails at once; a
 * temporary one is retried until `maxAttempts` tries have failed; an unavailable channel waits
 * without using up a try.
 */
export function failureOutcome(error: unknown, attempts: number, maxAttempts: number, nowMs: number, random?: () => number): SendOutcome {
  const reason = reasonOf(error);
  if (error instanceof ChannelUnavailableError) return { state: 'queued', reason, retryAt: nowMs + UNAVAILABLE_RETRY_MS, attempts: attempts - 1 };
  if (error instanceof SendError && error.permanent) return { state: 'failed', reason };
  if (attempts >= maxAttempts) return { state: 'failed', reason: `gave up after ${attempts} tries; the last: ${reason}` };
  return { state: 'queued', reason, retryAt: nowMs + retryDelayMs(attempts, random), attempts };
}

export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.slice(0, 2000);
}
