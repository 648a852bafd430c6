import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, RateLimitedError } from '../errors/domain-errors';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The code in the body of a framework HTTP error, so that a client need not parse the message. */
const HTTP_CODE: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * For HTTP endpoints: domain errors become `{ error: { code, message, fields } }` with the
 * matching status; anything unexpected is a 500 without details. GraphQL errors pass through
 * to the GraphQL formatter.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return exception;
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const req = host.switchToHttp().getRequest<Request>();
    if (req.destroyed && !req.complete) {
      // The client went away mid-request (an aborted upload): nobody to answer, and not our fault.
      this.logger.warn(
        { code: (exception as { code?: string }).code },
        'The client closed the connection before its request was read',
      );
      return;
    }
    // Refused before the whole body was read (a bad upload): the rest of it is still on the wire,
    // so this connection cannot carry another request; say so, or a keep-alive client reuses it and fails.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // The body is JSON, also where the route declared HTML for its answer (a confirmation page).
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (exception instanceof DomainError) {
      res
        .status(STATUS[exception.code])
        .json({ error: { code: exception.code, message: exception.message, fields: exception.fields } });
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      res.status(status).json({
        error: {
          code: HTTP_CODE[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'),
          message: exception.message,
        },
      });
    } else {
      this.logger.error(exception);
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    }
  }
}
