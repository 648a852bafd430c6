import { spawn, ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { dropDatabase, runMigrations } from '@chorus/core';
import { deleteRedisKeys } from '../test/support/services';
import { createApiApp } from '../apps/api/src/bootstrap';

const ADMIN = { email: 'bench-admin@chorus.localhost', password: 'bench-admin-password' };

/** A fresh database, the API in this process, and worker processes from dist/ on their own queue prefix. */
export interface BenchStack {
  url: string;
  token: string;
  db: Client;
  env: Record<string, string>;
  spawnWorker(): Promise<ChildProcess>;
  close(): Promise<void>;
}

export async function startBenchStack(name: string, overrides: Record<string, string> = {}): Promise<BenchStack> {
  const stamp = Date.now().toString(36);
  const database = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  database.pathname = `/chorus_bench_${name}_${stamp}`;
  const databaseUrl = database.toString();
  await runMigrations(databaseUrl);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    QUEUE_PREFIX: `chorus-bench-${stamp}`,
    CHORUS_ADMIN_EMAIL: ADMIN.email,
    CHORUS_ADMIN_PASSWORD: ADMIN.password,
    ...overrides,
  };
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const api: INestApplication = await createApiApp(env);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const workers: ChildProcess[] = [];
  return {
    url,
    db,
    env,
    token: await login(url),
    async spawnWorker() {
      const worker = spawn(process.execPath, [join(__dirname, '../apps/worker/src/main.js')], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      workers.push(worker);
      await new Promise<void>((resolve) =>
        worker.stdout!.on('data', (d) => String(d).includes('consuming') && resolve()),
      );
      return worker;
    },
    async close() {
      // Workers first, and waited for: dropping the database under a live worker makes it log errors.
      const running = workers.filter((worker) => worker.exitCode === null && worker.signalCode === null);
      await Promise.all(
        running.map(
          (worker) =>
            new Promise((resolve) => {
              worker.once('exit', resolve);
              worker.kill('SIGTERM');
            }),
        ),
      );
      await api.close();
      await db.end();
      if (process.env.KEEP_BENCH_DB) return;
      await dropDatabase(databaseUrl);
      await deleteRedisKeys(env.REDIS_URL, `${env.QUEUE_PREFIX}:*`);
    },
  };
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      variables: { e: ADMIN.email, p: ADMIN.password },
    }),
  });
  return ((await response.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
}

/** POSTs a CSV stream to /imports/people; returns the import id. */
export async function uploadStream(stack: BenchStack, chunks: AsyncGenerator<Buffer>): Promise<string> {
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
  });
  const response = await fetch(`${stack.url}/imports/people?lawfulBasis=CONTRACT`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${stack.token}` },
    body,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 202) throw new Error(`Upload failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export interface JobRow {
  status: string;
  processed_rows: number;
  total_rows: number;
  created: number;
  updated: number;
  failed: number;
}

export async function jobRow(db: Client, id: string): Promise<JobRow> {
  return (
    await db.query(
      `SELECT status, created + updated + failed AS processed_rows, total_rows, created, updated, failed FROM import_jobs WHERE id = $1`,
      [id],
    )
  ).rows[0];
}

export async function waitUntil(
  db: Client,
  id: string,
  done: (job: JobRow) => boolean,
  intervalMs = 100,
): Promise<JobRow> {
  for (;;) {
    const job = await jobRow(db, id);
    if (done(job)) return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const finished = (job: JobRow) => job.status === 'DONE' || job.status === 'FAILED';
export const log = (line: string) => process.stdout.write(`${line}\n`);
