import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@chorus/core';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { LookupService } from './lookup.service';

/**
 * GET /registry/lookup?isrc=… (or iswc, isbn, url): public, rate limited, cached. Answers
 * `{ "<scheme>": "<normalized>", "reserved": true|false, "works": [...] }`; 400 naming the
 * parameter for a malformed identifier; 429 with Retry-After when the address asked too often.
 *
 * Crawlers call it thousands of times a second, so it is an Express handler installed ahead of
 * Nest's pipeline (`installRegistryLookup`, called by the API's bootstrap): no request log line,
 * guard or interceptor per lookup — the Nest pipeline alone cost more than the cached answer.
 * Express still applies `trust proxy` to the client address the rate limit counts.
 */
@Injectable()
export class LookupMiddleware {
  private readonly logger = new Logger('RegistryLookup');
  private readonly cacheControl: string;

  constructor(
    private readonly lookups: LookupService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.cacheControl = `public, max-age=${config.REGISTRY_LOOKUP_CACHE_SECONDS}`;
  }

  readonly handle = (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    this.answer(request, response).catch((error) => this.fail(error, response));
  };

  private async answer(request: Request, response: Response): Promise<void> {
    const wait = await this.lookups.throttle(request.ip ?? 'unknown');
    if (wait) {
      response.status(429).set('retry-after', String(wait)).json({ error: { code: 'RATE_LIMITED', message: `Too many lookups from this address; try again in ${wait} seconds` } });
      return;
    }
    const { scheme, value } = this.lookups.parse(request.query as Record<string, unknown>);
    const body = await this.lookups.lookup(scheme, value);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': this.cacheControl, 'access-control-allow-origin': '*' }).end(body);
  }

  private fail(error: unknown, response: Response): void {
    if (response.headersSent) return;
    if (error instanceof DomainError) {
      response.status(error.code === 'BAD_USER_INPUT' ? 400 : 500).json({ error: { code: error.code, message: error.message, fields: error.fields } });
      return;
    }
    this.logger.error(error);
    response.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
  }
}

/** Mounts the lookup on the API's Express app; call before the app is initialized (listen). */
export function installRegistryLookup(app: { use(path: string, handler: LookupMiddleware['handle']): unknown; get(type: typeof LookupMiddleware): LookupMiddleware }): void {
  app.use('/registry/lookup', app.get(LookupMiddleware).handle);
}
