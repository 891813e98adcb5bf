import type { JobHandler } from './jobs.js';

const handlers = new Map<string, JobHandler>();

/**
 * Makes `kind` runnable by the workers of this process. Modules register their handlers when they
 * are loaded, from a file their routes import: `serve` and `worker` load the same modules, so both
 * know every kind. Registering a kind twice is a programming error.
 */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  const registered = handlers.get(kind);
  if (registered && registered !== handler) throw new Error(`a job handler for "${kind}" is already registered`);
  handlers.set(kind, handler);
}

/** Every handler registered so far, by kind: what `serve` and `worker` give their worker. */
export function jobHandlers(): Record<string, JobHandler> {
  return Object.fromEntries(handlers);
}
