import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/** One place that says how Chorus talks to PostgreSQL; used by the apps, the CLI and the tests. */
export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: poolSize, application_name: process.env.CHORUS_PROCESS_NAME ?? 'chorus' },
  };
}
