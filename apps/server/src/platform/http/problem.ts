/**
 * Every error leaves the API as RFC 9457 problem+json naming the field and rule. Bad input is
 * never a 500: schema errors are 400, broken rules 422, unknown ids 404, stale versions 409.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { findPgError, type PgLikeError } from '../db/pg-error';
import { DomainError, type FieldIssue } from '../errors';

export interface ProblemFields {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldIssue[];
}
/** The fields RFC 9457 names, plus extension members such as currentVersion. */
export type Problem = ProblemFields & Record<string, unknown>;

const typeBase = 'https://takt.dev/problems/';

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ ...problem, instance: request.url });
}

/** Column named by a constraint, by drizzle's naming `<table>_<column>_unique|fkey|check`. */
function fieldOf(pgError: PgLikeError): string {
  if (pgError.column) return pgError.column;
  const fromDetail = pgError.detail?.match(/Key \(([^)]+)\)/)?.[1];
  if (fromDetail) return fromDetail.split(',')[0].trim();
  const constraint = pgError.constraint ?? '';
  const table = pgError.table ?? '';
  return constraint.replace(`${table}_`, '').replace(/_(unique|fkey|fk|check|key)$/, '') || 'unknown';
}

export function problemFromError(error: unknown): Problem | undefined {
  if (error instanceof DomainError) {
    return {
      type: typeBase + error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      errors: error.issues,
      ...error.extra,
    };
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const where = fastifyError.validationContext ?? 'body';
    const errors = fastifyError.validation.map((issue) => {
      const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
      const params = issue.params as { issue?: { code?: string; path?: unknown[] } } | undefined;
      return {
        field: path || where,
        rule: params?.issue?.code ?? issue.keyword ?? 'invalid',
        message: issue.message ?? 'invalid value',
      };
    });
    return {
      type: `${typeBase}validation`,
      title: 'Invalid request',
      status: 400,
      detail: `the ${where} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      errors,
    };
  }
  const pgError = findPgError(error);
  if (pgError) {
    const field = fieldOf(pgError);
    switch (pgError.code) {
      case '23505':
        return {
          type: `${typeBase}rule-violation`,
          title: 'Rule violated',
          status: 422,
          detail: `${field} must be unique: ${pgError.detail ?? 'the value is already taken'}`,
          errors: [{ field, rule: 'unique', message: 'already taken' }],
        };
      case '23503':
        return {
          type: `${typeBase}rule-violation`,
          title: 'Rule violated',
          status: 422,
          detail:
            `${field} refers to something that does not exist or is still in use: ${pgError.detail ?? ''}`.trim(),
          errors: [{ field, rule: 'reference', message: 'unknown or still referenced' }],
        };
      case '23514':
      case '23502':
      case '22P02':
      case '22003':
        return {
          type: `${typeBase}rule-violation`,
          title: 'Rule violated',
          status: 422,
          detail: pgError.message ?? 'a value breaks a rule',
          errors: [
            { field, rule: pgError.code === '23502' ? 'required' : 'check', message: pgError.message ?? '' },
          ],
        };
    }
  }
  if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return {
      type: `${typeBase}bad-request`,
      title: 'Bad request',
      status: fastifyError.statusCode,
      detail: fastifyError.message,
      errors: [],
    };
  }
  return undefined;
}
