import { writeFileSync } from 'node:fs';
import { runMigrations } from '../../libs/core/src/database/run-migrations';
import { assertServicesUp } from './services';

/**
 * Once per test run: a fresh template database with every migration applied (each test file
 * then gets its own copy, see per-file-database.ts), and a run id that keeps this run's Redis
 * keys apart from any other run's.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/chorus_test_${runId}`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  await assertServicesUp(base.toString(), redisUrl);
  await runMigrations(base.toString());
  process.env.DATABASE_URL = base.toString();
  process.env.CHORUS_TEST_TEMPLATE_URL = base.toString();
  process.env.REDIS_URL = redisUrl;
  process.env.CHORUS_TEST_RUN = runId;
  writeFileSync(`${__dirname}/../../.test-database`, base.toString());
}
