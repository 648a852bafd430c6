import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../errors/domain-errors';

/**
 * Requests of one kind per client address, counted in Redis so that every API process shares
 * the count. Past the limit: RATE_LIMITED with the wait. Redis being away lets the request
 * through (a sign-up or a reset request is worth more than the limit).
 */
export class AddressThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly options: { keyPrefix: string; points: number; durationSeconds: number; what: string },
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
    });
  }

  async consume(clientIp: string): Promise<void> {
    try {
      await this.limiter.consume(clientIp);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        const seconds = Math.ceil(rejection.msBeforeNext / 1000);
        throw new RateLimitedError(
          `Too many ${this.options.what} from this address; try again in ${seconds} seconds`,
          rejection.msBeforeNext,
        );
      }
    }
  }
}
