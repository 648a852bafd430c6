import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, RateLimitedError } from '../errors/domain-errors';

const STATUS: Record<ErrorCode, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };

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
      this.logger.warn({ code: (exception as { code?: string }).code }, 'The client closed the connection before its request was read');
      return;
    }
    // Refused before the whole body was read (a bad upload): the rest of it is still on the wire,
    // so this connection cannot carry another request; say so, or a keep-alive client reuses it and fails.
    if (!req.complete) res.setHeader('Connection', 'close');
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof DomainError) {
      res.status(STATUS[exception.code]).json({ error: { code: exception.code, message: exception.message, fields: exception.fields } });
    } else if (exception instanceof HttpException) {
      res.status(exception.getStatus()).json({ error: { code: exception.getStatus() === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: exception.message } });
    } else {
      this.logger.error(exception);
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    }
  }
}
