import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthenticatedError } from '@chorus/core';
import { OBSERVABILITY_CONFIG, ObservabilityConfig } from './observability.config';

/**
 * /metrics and /health/worker are for the operator's scraper, not the public: metrics name
 * routes, queues and load, and each /health/worker call puts a job on Redis. They want
 * `Authorization: Bearer <METRICS_TOKEN>`; without a token configured they are open only in
 * development and test.
 */
@Injectable()
export class ProbeTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig) {
    this.expected = config.METRICS_TOKEN ? Buffer.from(config.METRICS_TOKEN) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      if (this.config.openProbes) return true;
      throw new UnauthenticatedError('Set METRICS_TOKEN to read this endpoint');
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) throw new UnauthenticatedError('A valid METRICS_TOKEN bearer token is required');
    return true;
  }
}
