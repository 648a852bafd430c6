import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, RedisClient } from '@chorus/core';
import { CAMPAIGNS_CONFIG, CampaignsConfig } from './campaigns.config';

/** Public sign-ups per client address, counted in Redis so that every API process shares it. */
@Injectable()
export class SignThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: RedisClient, @Inject(CAMPAIGNS_CONFIG) config: CampaignsConfig) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'sign-campaign-ip',
      points: config.SIGN_RATE_LIMIT,
      duration: config.SIGN_RATE_WINDOW_SECONDS,
    });
  }

  async consume(clientIp: string): Promise<void> {
    try {
      await this.limiter.consume(clientIp);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(
          `Too many sign-ups from this address; try again in ${Math.ceil(rejection.msBeforeNext / 1000)} seconds`,
          rejection.msBeforeNext,
        );
      }
      // Redis is away: better to accept a sign-up than to lose it.
    }
  }
}
