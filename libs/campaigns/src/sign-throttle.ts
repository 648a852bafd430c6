import { Inject, Injectable } from '@nestjs/common';
import { AddressThrottle, RedisClient } from '@chorus/core';
import { CAMPAIGNS_CONFIG, CampaignsConfig } from './campaigns.config';

/** Public sign-ups per client address (Redis away: better to accept a sign-up than to lose it). */
@Injectable()
export class SignThrottle extends AddressThrottle {
  constructor(redis: RedisClient, @Inject(CAMPAIGNS_CONFIG) config: CampaignsConfig) {
    super(redis, {
      keyPrefix: 'sign-campaign-ip',
      points: config.SIGN_RATE_LIMIT,
      durationSeconds: config.SIGN_RATE_WINDOW_SECONDS,
      what: 'sign-ups',
    });
  }
}
