// Import throughput: N rows (10% duplicates) uploaded to POST /imports/people and merged by a
// worker process, timed from the first byte sent to status DONE; beside a naive baseline (TypeORM
// save per row, timed on a sample and extrapolated) in the same run, on the same database.
// Run: npm run build && node dist/bench/import-throughput.js   (BENCH_ROWS, BENCH_BASELINE_SAMPLE)
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, runMigrations } from '@chorus/core';
import { createApiApp } from '../apps/api/src/bootstrap';
import { syntheticCsv } from './import-csv';
import { naiveImport } from './import-naive';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SAMPLE = Number(process.env.BENCH_BASELINE_SAMPLE ?? 2_000);
const ADMIN = { email: 'bench-admin@chorus.localhost', password: 'bench-admin-password' };
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const stamp = Date.now().toString(36);
  const database = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  database.pathname = `/chorus_bench_imports_${stamp}`;
  const databaseUrl = database.toString();
  await runMigrations(databaseUrl);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', QUEUE_PREFIX: `chorus-bench-${stamp}`,
    CHORUS_ADMIN_EMAIL: ADMIN.email, CHORUS_ADMIN_PASSWORD: ADMIN.password,
  };
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const api = await createApiApp(env);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const worker = spawn(process.execPath, [join(__dirname, '../apps/worker/src/main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => worker.stdout!.on('data', (d) => String(d).includes('consuming') && resolve()));
  try {
    const token = await login(url);
    const organizations = Array.from({ length: 12 }, (_, i) => `Bench Union ${i + 1}`);
    await db.query(`INSERT INTO organizations (name, kind) SELECT unnest($1::text[]), 'UNION'`, [organizations]);
    const csv = syntheticCsv(ROWS, 'bench.example', organizations);
    log(`Import of ${ROWS.toLocaleString('en')} rows (${(ROWS - csv.distinct).toLocaleString('en')} duplicates), ${cpus().length} CPUs (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM`);

    const started = performance.now();
    const response = await fetch(`${url}/imports/people`, {
      method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: readable(csv.chunks()), duplex: 'half',
    } as RequestInit);
    const { id } = (await response.json()) as { id: string };
    const uploaded = performance.now();
    let job: { status: string; created: number; updated: number; failed: number };
    for (;;) {
      [job] = (await db.query(`SELECT status, created, updated, failed FROM import_jobs WHERE id = $1`, [id])).rows;
      if (job.status === 'DONE' || job.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = performance.now();
    const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))![1]);
    const seconds = (done - started) / 1000;
    const rate = ROWS / seconds;
    log(`  upload + staging (API, COPY): ${((uploaded - started) / 1000).toFixed(1)} s`);
    log(`  merge (worker, set-based SQL): ${((done - uploaded) / 1000).toFixed(1)} s`);
    log(`  result: ${job!.status}, created ${job!.created}, updated ${job!.updated}, failed ${job!.failed} (expected ${csv.distinct} / ${ROWS - csv.distinct} / 0)`);
    log(`  end to end: ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s; worker peak RSS ${(peakKiB / 1024).toFixed(0)} MB`);

    const baseline = await naiveImport(databaseUrl, syntheticCsv(SAMPLE, 'naive.example', organizations));
    log(`Naive baseline (TypeORM find + save per row and per membership), sample of ${SAMPLE.toLocaleString('en')} rows: ${baseline.seconds.toFixed(1)} s = ${Math.round(baseline.rate).toLocaleString('en')} rows/s`);
    log(`  extrapolated to ${ROWS.toLocaleString('en')} rows: ${(ROWS / baseline.rate / 60).toFixed(1)} min`);
    log(`Speed-up: ${(rate / baseline.rate).toFixed(1)}x`);
  } finally {
    worker.kill('SIGTERM');
    await api.close();
    await db.end();
    if (!process.env.KEEP_BENCH_DB) await dropDatabase(databaseUrl);
  }
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', variables: { e: ADMIN.email, p: ADMIN.password } }),
  });
  return ((await response.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
}

function readable(source: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
  });
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
