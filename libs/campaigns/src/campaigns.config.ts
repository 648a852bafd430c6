import { Provider } from '@nestjs/common';
import { CHORUS_ENV, defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

/** Variables of the campaigns area. */
export const campaignsEnv = defineEnv({
  SIGN_RATE_LIMIT: {
    description: 'public sign-ups accepted per client address per window',
    default: '20',
    parse: integer(1, 1_000_000),
  },
  SIGN_CONFIRM_RECONCILE_SECONDS: {
    description: 'how often the worker re-queues signature confirmation emails Redis lost',
    default: '30',
    parse: integer(1),
  },
  SIGN_RATE_WINDOW_SECONDS: {
    description: 'length of the public sign-up rate-limit window',
    default: '3600',
    parse: integer(1),
  },
});

export type CampaignsConfig = EnvValues<typeof campaignsEnv>;
export const CAMPAIGNS_CONFIG = Symbol('CAMPAIGNS_CONFIG');

export const campaignsConfigProvider: Provider = {
  provide: CAMPAIGNS_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource): CampaignsConfig => parseEnv(campaignsEnv, env),
};
