import { Inject, Injectable } from '@nestjs/common';
import { AddressThrottle, RedisClient } from '@chorus/core';
import { AUTH_CONFIG, AuthConfig } from './auth.config';

/** Password reset requests per client address (Redis away: a locked-out user may still ask). */
@Injectable()
export class PasswordResetThrottle extends AddressThrottle {
  constructor(redis: RedisClient, @Inject(AUTH_CONFIG) config: AuthConfig) {
    super(redis, {
      keyPrefix: 'password-reset-ip',
      points: config.PASSWORD_RESET_RATE_LIMIT,
      durationSeconds: config.PASSWORD_RESET_RATE_WINDOW_SECONDS,
      what: 'password reset requests',
    });
  }
}
