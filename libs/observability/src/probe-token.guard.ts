import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateLimitedError, UnauthenticatedError } from '@chorus/core';
import { OBSERVABILITY_CONFIG, ObservabilityConfig } from './observability.config';

/**
 * /metrics and /health/worker are for the operator's scraper, not the public: metrics name
 * routes, queues and load, and each /health/worker call puts a job on Redis. They want
 * `Authorization: Bearer <METRICS_TOKEN>`; without a token configured they are open only in
 * development and test. Wrong tokens are counted per client address: past
 * `WRONG_TOKENS_PER_WINDOW` in the window the address gets 429 until the window ends, so the
 * token cannot be guessed at line rate (in memory: the probe is per process, like its scraper).
 */
@Injectable()
export class ProbeTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;
  private readonly wrongTokens = new RateLimiterMemory({
    keyPrefix: 'probe-token',
    points: WRONG_TOKENS_PER_WINDOW,
    duration: WINDOW_SECONDS,
  });

  constructor(@Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig) {
    this.expected = config.METRICS_TOKEN ? Buffer.from(config.METRICS_TOKEN) : null;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const verdict = await this.verdict(context.switchToHttp().getRequest<Request>());
    if (verdict.allowed) return true;
    if (verdict.retryInMs !== undefined) throw tooMany(verdict.retryInMs);
    throw new UnauthenticatedError(
      this.expected ? 'A valid METRICS_TOKEN bearer token is required' : 'Set METRICS_TOKEN to read this endpoint',
    );
  }

  /** Whether `request` may read the probes' details (a public probe shows them only then). */
  async allows(request: Request): Promise<boolean> {
    return (await this.verdict(request)).allowed;
  }

  /** Open probes, or the right token; a wrong one costs its address one of its tries. */
  private async verdict(request: Request): Promise<{ allowed: boolean; retryInMs?: number }> {
    if (!this.expected) return { allowed: this.config.openProbes };
    const address = request.ip ?? 'unknown';
    const spent = await this.wrongTokens.get(address);
    if (spent && spent.consumedPoints >= WRONG_TOKENS_PER_WINDOW)
      return { allowed: false, retryInMs: spent.msBeforeNext };
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      // No header at all is a load balancer asking /health/ready, not a guess.
      if (header !== '') await this.wrongTokens.penalty(address, 1);
      return { allowed: false };
    }
    return { allowed: true };
  }
}

const WRONG_TOKENS_PER_WINDOW = 10;
const WINDOW_SECONDS = 10 * 60;

function tooMany(msBeforeNext: number): RateLimitedError {
  return new RateLimitedError(
    `Too many wrong probe tokens; try again in ${Math.ceil(msBeforeNext / 1000)} seconds`,
    msBeforeNext,
  );
}
