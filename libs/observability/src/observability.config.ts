import { Provider } from '@nestjs/common';
import { CHORUS_ENV, coreEnv, defineEnv, EnvSource, EnvValues, parseEnv, secretText } from '@chorus/core';

/** Variables of the observability area. */
export const observabilityEnv = defineEnv({
  METRICS_TOKEN: {
    description: 'bearer token for /metrics and /health/worker; unset: open in development and test, closed otherwise',
    default: '',
    parse: (raw: string) => (raw === '' ? raw : secretText(16)(raw)),
  },
});

export type ObservabilityConfig = EnvValues<typeof observabilityEnv> & { openProbes: boolean };
export const OBSERVABILITY_CONFIG = Symbol('OBSERVABILITY_CONFIG');

export const observabilityConfigProvider: Provider = {
  provide: OBSERVABILITY_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource): ObservabilityConfig => {
    const nodeEnv = parseEnv(coreEnv, env).NODE_ENV;
    return { ...parseEnv(observabilityEnv, env), openProbes: nodeEnv === 'development' || nodeEnv === 'test' };
  },
};
