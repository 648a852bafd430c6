import { Provider } from '@nestjs/common';
import { CHORUS_ENV, defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

/** Variables of the registry area. */
export const registryEnv = defineEnv({
  REGISTRY_LOOKUP_CACHE_ENTRIES: {
    description: 'identifiers whose lookup answer each API process keeps in memory (LRU)',
    default: '100000',
    parse: integer(1, 10_000_000),
  },
  REGISTRY_LOOKUP_CACHE_SECONDS: {
    description:
      'how long a cached lookup answer may be served; changes made through another API process show after at most this long',
    default: '30',
    parse: integer(1, 86_400),
  },
  REGISTRY_LOOKUP_RATE_LIMIT: {
    description: 'public lookups per client address per window, per API process',
    default: '600',
    parse: integer(1, 100_000_000),
  },
  REGISTRY_LOOKUP_RATE_WINDOW_SECONDS: {
    description: 'length of the lookup rate-limit window',
    default: '60',
    parse: integer(1),
  },
  REGISTRY_REQUEST_RATE_LIMIT: {
    description: 'public reservation requests (campaign tie-in) accepted per client address per hour',
    default: '20',
    parse: integer(1, 1_000_000),
  },
  REGISTRY_IMPORT_MAX_BYTES: {
    description: 'largest works CSV accepted by POST /registry/works/import',
    default: '52428800',
    parse: integer(1024),
  },
});

export type RegistryConfig = EnvValues<typeof registryEnv>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

export const registryConfigProvider: Provider = {
  provide: REGISTRY_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource): RegistryConfig => parseEnv(registryEnv, env),
};
