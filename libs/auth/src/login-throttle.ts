import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError, RedisClient } from '@chorus/core';

/**
 * Sign-in attempts are limited per email and client address (and per address overall), in Redis
 * so that every API process shares the count. Each attempt takes its point before the password
 * is checked (otherwise many concurrent attempts all read a count below the limit and all get a
 * guess); a success gives the points back.
 */
@Injectable()
export class LoginThrottle {
  private readonly perEmailAndIp: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(redis: RedisClient) {
    const common = { storeClient: redis };
    this.perEmailAndIp = new RateLimiterRedis({ ...common, keyPrefix: 'login-email-ip', points: 5, duration: 15 * 60 });
    this.perIp = new RateLimiterRedis({ ...common, keyPrefix: 'login-ip', points: 100, duration: 15 * 60 });
  }

  /** Takes one point per limiter, or throws the throttle error. Redis being down does not lock everyone out. */
  async consume(email: string, ip: string): Promise<void> {
    // One after the other: an attempt refused per email does not use up the address's points.
    for (const [limiter, limiterKey] of [
      [this.perEmailAndIp, key(email, ip)],
      [this.perIp, ip],
    ] as const) {
      try {
        await limiter.consume(limiterKey, 1);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) return;
        throw new RateLimitedError(
          `Too many failed sign-in attempts; try again in ${Math.ceil(error.msBeforeNext / 1000)} seconds`,
          error.msBeforeNext,
        );
      }
    }
  }

  /** A successful sign-in clears the email's count and gives the address its point back. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await Promise.all([this.perEmailAndIp.delete(key(email, ip)), this.perIp.reward(ip, 1)]).catch(() => undefined);
  }
}

const key = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;
