import type { ErrorBody, FieldProblem } from '../../../src/shared/index.js';

/** An error answer from the API, or a network failure (status 0), in the API's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  reasonFor(field: string): string | undefined {
    return this.details.find((problem) => problem.field === field)?.reason;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let sessionLost: () => void = () => {};

/** The session's CSRF token, sent on every state-changing request (the cookie alone is not enough). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated request comes back 401, so the UI can show the login page again. */
export function onSessionLost(listener: () => void): void {
  sessionLost = listener;
}

export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path + queryString(options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'Cannot reach the Aftercare server. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  const error = errorFrom(response.status, payload);
  if (response.status === 401 && path !== '/api/session') sessionLost();
  throw error;
}

function errorFrom(status: number, payload: unknown): ApiError {
  const body = (payload as Partial<ErrorBody> | undefined)?.error;
  if (body && typeof body.message === 'string') {
    return new ApiError(status, body.code ?? 'error', body.message, body.details ?? []);
  }
  return new ApiError(status, 'http_' + status, `The server answered ${status}. Try again in a moment.`);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'unexpected', error instanceof Error ? error.message : String(error));
}
