/**
 * Domain errors: services throw these; the HTTP edge maps them to RFC 9457 problem+json
 * (platform/http/problem.ts) and the CLI prints their message. Each names the field and rule.
 */
export interface FieldIssue {
  /** dotted path of the field, e.g. 'lines.2.quantityPer' */
  field: string;
  /** the rule broken, e.g. 'required', 'unique', 'no-cycle', 'min' */
  rule: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super(404, 'not-found', `${entity} not found`, `${entity} ${id} does not exist`, [], { entity, id });
  }
}

export class VersionConflictError extends DomainError {
  constructor(entity: string, id: string, expected: number, actual: number) {
    super(
      409,
      'version-conflict',
      'Version conflict',
      `${entity} ${id} was changed by someone else (you edited version ${expected}, it is now at ${actual}); reload and apply your change again`,
      [{ field: 'version', rule: 'current-version', message: `expected ${actual}, got ${expected}` }],
      { entity, id, currentVersion: actual },
    );
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor() {
    super(
      428,
      'precondition-required',
      'Version required',
      'send the version you edited, as an If-Match header or a version field',
      [{ field: 'version', rule: 'required', message: 'If-Match or version is required' }],
    );
  }
}

export class RuleViolationError extends DomainError {
  constructor(message: string, issues: FieldIssue[], extra: Record<string, unknown> = {}) {
    super(422, 'rule-violation', 'Rule violated', message, issues, extra);
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super(400, 'bad-request', 'Bad request', message, issues);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'sign in first') {
    super(401, 'unauthorized', 'Not signed in', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(403, 'forbidden', 'Not allowed', message);
  }
}

/** Shorthand for a single-field rule violation. */
export function ruleViolation(field: string, rule: string, message: string): RuleViolationError {
  return new RuleViolationError(message, [{ field, rule, message }]);
}
