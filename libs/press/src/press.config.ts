import { defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

/** Variables of the press area. */
export const pressEnv = defineEnv({
  PRESS_EARLY_WAKE_MS: {
    description: 'the embargo job wakes this much before the lift and waits in-process for the exact instant',
    default: '1500',
    parse: integer(0, 60000),
  },
  PRESS_RECONCILE_SECONDS: {
    description: 'how often the worker re-arms SCHEDULED releases from PostgreSQL',
    default: '30',
    parse: integer(1, 86400),
  },
  PRESS_SEND_CONCURRENCY: {
    description: 'emails of one release sent in parallel',
    default: '8',
    parse: integer(1, 100),
  },
  PRESS_STALE_CLAIM_SECONDS: {
    description: 'an email claimed this long ago and not marked is taken to belong to a dead worker and sent again',
    default: '300',
    parse: integer(1, 86400),
  },
});

export type PressConfig = EnvValues<typeof pressEnv>;
export const PRESS_CONFIG = Symbol('PRESS_CONFIG');
export const pressConfigFactory = (env: EnvSource): PressConfig => parseEnv(pressEnv, env);
