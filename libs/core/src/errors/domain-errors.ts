/**
 * The one error vocabulary of Chorus. Services throw these; the GraphQL error formatter and the
 * HTTP exception filter turn them into `extensions.code` / status codes in one place.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** For BAD_USER_INPUT and CONFLICT: each offending field with a message. */
  readonly fields?: Record<string, string>;
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} not found` : `${entity} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** A wrong state transition: names the current state in the message. */
export class InvalidTransitionError extends ConflictError {
  constructor(entity: string, action: string, currentState: string) {
    super(`Cannot ${action} a ${entity} that is ${currentState}`, { status: `is ${currentState}` });
  }
}

/** Too many requests from one client: HTTP 429 / RATE_LIMITED, with the seconds to wait (Retry-After). */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** A service the operation needs (Redis) does not answer: try again later. HTTP 503. */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(message = 'A service this operation needs is unavailable; try again shortly') {
    super(message);
  }
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: Record<string, string>) {
    super(
      `Invalid input: ${Object.entries(fields)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; ')}`,
    );
  }
}

/** Throws BAD_USER_INPUT for one field. */
export function badInput(field: string, message: string): never {
  throw new BadInputError({ [field]: message });
}

/** A PostgreSQL unique violation (SQLSTATE 23505), e.g. the loser of two concurrent inserts. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
