// Benchmark: the cost of authentication on the cheapest authenticated call, `{ me { id } }`.
// Run: npm run build && node dist/bench/authops-me.js   (BENCH_RUNS, BENCH_DATABASE_URL)
import 'reflect-metadata';
import { dropDatabase, runMigrations } from '@chorus/core';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/bootstrap';
import { gqlOk, login } from '../test/support/gql';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/chorus_bench_authops';
const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const ADMIN = { email: 'bench-admin@chorus.localhost', password: 'bench-admin-password' };

async function main() {
  await dropDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  const app = await createApiApp({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL,
    LOG_LEVEL: 'error',
    QUEUE_PREFIX: 'chorus-bench-authops',
    CHORUS_ADMIN_EMAIL: ADMIN.email,
    CHORUS_ADMIN_PASSWORD: ADMIN.password,
    PORT: '0',
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  try {
    const token = await login(url, ADMIN.email, ADMIN.password);
    for (let i = 0; i < 200; i++) await gqlOk(url, '{ me { id } }', {}, token); // warm-up
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await gqlOk(url, '{ me { id } }', {}, token);
      samples.push(performance.now() - t);
    }
    const total = performance.now() - started;
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.floor(samples.length * q)].toFixed(3);
    process.stdout.write(
      `{ me { id } } x${RUNS} sequential: median ${at(0.5)} ms, p95 ${at(0.95)} ms, ${(RUNS / (total / 1000)).toFixed(0)} req/s\n`,
    );

    // What the guard adds: its one primary-key lookup, timed alone in the same process right after.
    const dataSource = app.get(DataSource);
    const userId = (await gqlOk(url, '{ me { id } }', {}, token)).me.id;
    const lookups: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await dataSource.query(
        'SELECT role, organization_id, token_version FROM users WHERE id = $1 AND deactivated_at IS NULL',
        [userId],
      );
      lookups.push(performance.now() - t);
    }
    lookups.sort((a, b) => a - b);
    process.stdout.write(
      `guard lookup x${RUNS}: median ${lookups[Math.floor(RUNS / 2)].toFixed(3)} ms, p95 ${lookups[Math.floor(RUNS * 0.95)].toFixed(3)} ms\n`,
    );
  } finally {
    await app.close();
    await dropDatabase(DATABASE_URL);
  }
}

main().catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
