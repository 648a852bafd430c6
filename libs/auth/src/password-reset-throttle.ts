import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, RedisClient } from '@chorus/core';
import { AUTH_CONFIG, AuthConfig } from './auth.config';

/** Password reset requests per client address, counted in Redis so that every API process shares it. */
@Injectable()
export class PasswordResetThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: RedisClient, @Inject(AUTH_CONFIG) config: AuthConfig) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'password-reset-ip',
      points: config.PASSWORD_RESET_RATE_LIMIT,
      duration: config.PASSWORD_RESET_RATE_WINDOW_SECONDS,
    });
  }

  async consume(clientIp: string): Promise<void> {
    try {
      await this.limiter.consume(clientIp);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(
          `Too many password reset requests from this address; try again in ${Math.ceil(rejection.msBeforeNext / 1000)} seconds`,
          rejection.msBeforeNext,
        );
      }
      // Redis is away: a user locked out of their account should still be able to ask.
    }
  }
}
