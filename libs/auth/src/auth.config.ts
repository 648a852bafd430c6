import { Provider } from '@nestjs/common';
import { CHORUS_ENV, defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

/** Variables of the auth area. */
export const authEnv = defineEnv({
  PASSWORD_RESET_TTL_SECONDS: {
    description: 'how long a password reset link works',
    default: '3600',
    parse: integer(60, 7 * 24 * 3600),
  },
  PASSWORD_RESET_RATE_LIMIT: {
    description: 'password reset requests accepted per client address per window',
    default: '10',
    parse: integer(1, 1_000_000),
  },
  PASSWORD_RESET_RATE_WINDOW_SECONDS: {
    description: 'length of the password reset rate-limit window',
    default: '3600',
    parse: integer(1),
  },
  PASSWORD_RESET_RECONCILE_SECONDS: {
    description: 'how often the worker re-queues reset emails Redis lost',
    default: '30',
    parse: integer(1),
  },
});

export type AuthConfig = EnvValues<typeof authEnv>;
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

export const authConfigProvider: Provider = {
  provide: AUTH_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource): AuthConfig => parseEnv(authEnv, env),
};
