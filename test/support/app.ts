import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorker } from '../../apps/worker/src/bootstrap';

export const ROOT = join(__dirname, '..', '..');
/**
 * Node flags the API and the worker run with (package.json start:*, the Dockerfile, demo.sh and
 * test.sh say the same): AsyncLocalStorage on async context frames, no promise hook per promise.
 */
export const NODE_FLAGS = ['--experimental-async-context-frame'];
/**
 * The API's flags (package.json start:api, the Dockerfile, demo.sh): a young generation of 3 × 64 MiB
 * instead of 3 × 16. Each GraphQL list request leaves megabytes of short-lived garbage; with the
 * default, scavenges took ~20 % of the API's CPU under load (docs/benchmarks.md, read path).
 * Not the worker's: its imports keep to a memory budget.
 */
export const API_NODE_FLAGS = [...NODE_FLAGS, '--max-semi-space-size=64'];
export const ADMIN = { email: 'admin@chorus.localhost', password: 'chorus-admin-password' };

/**
 * Environment for one test's API and workers: the run's database, and a queue prefix of its
 * own so that its jobs are taken only by its own workers (which mail to its own SMTP sink).
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const env = { ...(process.env as Record<string, string>) };
  return {
    ...env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    PORT: '0',
    HOST: '127.0.0.1',
    QUEUE_PREFIX: `chorus-test-${process.env.CHORUS_TEST_RUN ?? 'local'}-${randomBytes(4).toString('hex')}`,
    PUBLIC_URL: 'http://127.0.0.1:1',
    CHORUS_ADMIN_EMAIL: ADMIN.email,
    CHORUS_ADMIN_PASSWORD: ADMIN.password,
    ...overrides,
  };
}

export interface RunningApi {
  url: string;
  app: INestApplication;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the API in this process on a random loopback port. */
export async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const app = await createApiApp(env);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, app, env, close: () => app.close() };
}

/** Starts a worker in this process. */
export async function startWorker(env: Record<string, string>): Promise<INestApplicationContext> {
  return createWorker(env);
}

/** Starts the built worker (`npm run build` first) as its own process, e.g. to kill it. */
export function spawnWorker(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, 'dist/apps/worker/src/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return Object.assign(child, { output: () => output });
}

/** Stops a child process and waits for it to exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
