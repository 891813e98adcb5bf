/** Passes over due work, run on a timer and on demand. */
export interface Polling {
  /** Runs one pass now (after the one in progress): what the pass counted. */
  run(): Promise<number>;
  /** Stops polling and resolves once the pass in progress, if any, has finished. */
  stop(): Promise<void>;
  /** True once stop() was called: a pass that loops over batches ends early. */
  readonly stopped: boolean;
}

/**
 * Runs `pass` every `pollMs` (`Infinity`: only when asked with run()), one pass after another and
 * never two side by side, for the job worker and the outbox dispatcher. A pass that throws is
 * logged under `name` and the next one runs as usual.
 */
export function pollPasses(name: string, pollMs: number, pass: () => Promise<number>): Polling {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let passes: Promise<unknown> = Promise.resolve();

  function run(): Promise<number> {
    const next = passes.then(pass);
    passes = next.catch(() => undefined);
    return next;
  }

  function pollLater(): void {
    if (stopped || !Number.isFinite(pollMs)) return;
    timer = setTimeout(() => {
      run()
        .catch((error: unknown) => console.error(`aftercare ${name}: a pass failed, trying again at the next one:`, error))
        .finally(pollLater);
    }, pollMs);
    // Polling alone never keeps a process alive: a server stops when its HTTP server does.
    timer.unref();
  }
  pollLater();

  return {
    run,
    get stopped() {
      return stopped;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await passes;
    },
  };
}
