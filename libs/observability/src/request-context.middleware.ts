import { randomUUID } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { runWithContext } from '@chorus/core';

/** Opens the request context (request id; the auth guard adds the actor) around each request. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request & { id?: unknown }, _res: Response, next: NextFunction): void {
    runWithContext({ requestId: req.id ? String(req.id) : randomUUID() }, () => next());
  }
}
