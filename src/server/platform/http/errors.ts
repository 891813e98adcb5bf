import type { FieldProblem } from '../../../shared/index.js';

/**
 * The one error type of the application. Modules throw it with their own codes; the HTTP layer
 * maps it to a status and the JSON error body in one place.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function notFound(entity: string, id: string): AppError {
  return new AppError(404, 'not_found', `${entity} ${id} does not exist`);
}

/** Bad input on one field, found after schema validation (for example an unknown referenced id). */
export function invalidField(field: string, reason: string): AppError {
  return new AppError(400, 'invalid_request', `${field} ${reason}`, [{ field, reason }]);
}

export function conflict(code: string, message: string, field?: string): AppError {
  return new AppError(409, code, message, field ? [{ field, reason: message }] : undefined);
}

export function forbidden(message: string): AppError {
  return new AppError(403, 'forbidden', message);
}

export function unauthenticated(message = 'sign in or send an API key as Authorization: Bearer KEY'): AppError {
  return new AppError(401, 'unauthenticated', message);
}
