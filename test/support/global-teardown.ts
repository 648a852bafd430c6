import { readFileSync, rmSync } from 'node:fs';
import { dropDatabase } from '../../libs/core/src/database/ensure-database';

/** Drops the run's database unless KEEP_TEST_DB is set (to look at it after a failure). */
export default async function globalTeardown(): Promise<void> {
  const file = `${__dirname}/../../.test-database`;
  const url = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  if (!process.env.KEEP_TEST_DB) await dropDatabase(url);
}
