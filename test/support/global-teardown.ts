import { readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { deleteRedisKeys } from './services';

/**
 * Drops the run's template database and every per-file copy of it, and deletes the run's Redis
 * keys (queues, rate windows), unless KEEP_TEST_DB is set (to look at them after a failure).
 */
export default async function globalTeardown(): Promise<void> {
  const file = `${__dirname}/../../.test-database`;
  const template = new URL(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  if (process.env.KEEP_TEST_DB) return;
  await deleteRedisKeys(process.env.REDIS_URL!, `chorus-test-${process.env.CHORUS_TEST_RUN}-*`);
  const prefix = template.pathname.slice(1);
  template.pathname = '/postgres';
  const client = new Client({ connectionString: template.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      prefix,
      `${prefix}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
