import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, FieldProblem } from '../../../shared/index.js';
import { AppError } from './errors.js';

function fieldOf(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (context === 'body') return path || 'body';
  return path ? path : (context ?? 'request');
}

function send(reply: FastifyReply, status: number, error: ErrorBody['error']): FastifyReply {
  return reply.code(status).type('application/json').send({ error });
}

/** Maps every error to the JSON error body; unknown errors become a 500 with no internals. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    return send(reply, error.status, { code: error.code, message: error.message, details: error.details });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const details: FieldProblem[] = error.validation.map((issue) => ({
      field: fieldOf(context, issue.instancePath),
      reason: issue.message ?? 'is invalid',
    }));
    const first = details[0]!;
    return send(reply, 400, { code: 'invalid_request', message: `${first.field}: ${first.reason}`, details });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    // Fastify's own client errors (malformed JSON, wrong content type, body too large) are safe to show.
    const code = status === 429 ? 'rate_limited' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
    return send(reply, status, { code, message: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 500, { code: 'internal_error', message: 'something went wrong on our side; it has been logged' });
}
