import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisClient, UnauthenticatedError } from '@chorus/core';

/**
 * Failed logins are limited per email and client address (and per address overall), in Redis so
 * that every API process shares the count. A success resets the per-email count.
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

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = await Promise.all([this.perEmailAndIp.get(key(email, ip)), this.perIp.get(ip)]).catch(() => [null, null]);
    const blocked = [byEmail && byEmail.consumedPoints >= 5 ? byEmail : null, byIp && byIp.consumedPoints >= 100 ? byIp : null].filter(Boolean) as RateLimiterRes[];
    if (blocked.length) {
      const seconds = Math.ceil(Math.max(...blocked.map((b) => b.msBeforeNext)) / 1000);
      throw new UnauthenticatedError(`Too many failed sign-in attempts; try again in ${seconds} seconds`);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.perEmailAndIp.penalty(key(email, ip), 1), this.perIp.penalty(ip, 1)]).catch(() => undefined);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.perEmailAndIp.delete(key(email, ip)).catch(() => undefined);
  }
}

const key = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;
