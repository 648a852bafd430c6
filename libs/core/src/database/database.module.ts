import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { dataSourceOptions } from './data-source-options';
import { QueryCounter } from './query-counter';

/** The TypeORM connection. Entities register themselves through TypeOrmModule.forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        autoLoadEntities: true,
        logging: ['error'],
        retryAttempts: 2,
        retryDelay: 1000,
        logger: QueryCounter.logger,
      }),
    }),
  ],
})
export class DatabaseModule {}
