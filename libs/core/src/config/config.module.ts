import { DynamicModule, Global, Module } from '@nestjs/common';
import { parseEnv, EnvSource } from './env';
import { assertNoPublicDefaults, coreEnv, CoreConfig } from './core.config';

/** The raw environment a process was started with (process.env plus any test overrides). */
export const CHORUS_ENV = Symbol('CHORUS_ENV');
/** The validated core configuration. Inject as `@Inject(CORE_CONFIG) config: CoreConfig`. */
export const CORE_CONFIG = Symbol('CORE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: EnvSource): DynamicModule {
    const core = parseEnv(coreEnv, env);
    assertNoPublicDefaults(core);
    return {
      module: ConfigModule,
      providers: [
        { provide: CHORUS_ENV, useValue: env },
        { provide: CORE_CONFIG, useValue: core },
      ],
      exports: [CHORUS_ENV, CORE_CONFIG],
    };
  }
}

export type { CoreConfig };
