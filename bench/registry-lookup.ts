// Registry lookup (issue 14, done when 2): GET /registry/lookup?isrc=… on the built API against a
// bare node:http server doing the same cached, indexed look-up, over 1,000,000 registered ISRCs
// (half of them with a published reservation). Both run as their own processes; autocannon drives
// them in interleaved rounds so that both see the same machine load. The hot set (BENCH_HOT
// identifiers, all warmed) is what "cached" means; a last round per target draws uniformly from
// all 1,000,000 (mostly cache misses: the indexed query). Run: npm run build && node dist/bench/registry-lookup.js
import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../libs/core/src/database/run-migrations';
import { dropDatabase } from '../libs/core/src/database/ensure-database';
import { NODE_FLAGS, stopProcess, testEnv } from '../test/support/app';
import { waitFor } from '../test/support/wait-for';
import { CpuPinning } from './support/cpu-pinning';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;

const IDENTIFIERS = Number(process.env.BENCH_IDENTIFIERS ?? 1_000_000);
const HOT = Number(process.env.BENCH_HOT ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  // A reused database seeded with another BENCH_IDENTIFIERS: start over.
  await db.query(
    `DELETE FROM registry_reservations WHERE work_id IN (SELECT id FROM registry_works WHERE isrc LIKE 'QZBEN%')`,
  );
  await db.query(`DELETE FROM registry_works WHERE isrc LIKE 'QZBEN%'`);
  const [{ id }] = (
    await db.query(`INSERT INTO organizations (name, kind) VALUES ('Bench label', 'LABEL') RETURNING id`)
  ).rows;
  await db.query(
    `INSERT INTO registry_works (organization_id, title, kind, isrc)
    SELECT $1, 'Bench work ' || g, 'SOUND_RECORDING', 'QZBEN' || lpad(g::text, 7, '0') FROM generate_series(0, $2 - 1) AS g`,
    [id, IDENTIFIERS],
  );
  await db.query(`INSERT INTO registry_reservations (organization_id, work_id, status, policy_url)
    SELECT organization_id, id, 'ATTESTED', 'https://label.example.org/tdm-policy' FROM registry_works WHERE right(isrc, 1) IN ('0', '2', '4', '6', '8')`);
  await db.query('VACUUM ANALYZE registry_works');
  await db.query('VACUUM ANALYZE registry_reservations');
  await db.end();
  process.stdout.write(`seeded ${IDENTIFIERS} identifiers in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** How many bench identifiers the database holds (0 when it was never seeded). */
async function seededCount(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query(`SELECT count(*) AS n FROM registry_works WHERE isrc LIKE 'QZBEN%'`)).rows[0].n);
  } finally {
    await db.end();
  }
}

function start(
  file: string,
  env: Record<string, string>,
  ready: (output: string) => string | undefined,
  pinning: CpuPinning,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const [command, args] = pinning.command([...nodeArgs, file]);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  const died = new Promise<never>((_, reject) =>
    child.on('exit', (code, signal) => reject(new Error(`${file} exited (${signal ?? code}) before it was ready`))),
  );
  const ok = waitFor(() => ready(output), { timeoutMs: 300_000, intervalMs: 200, what: file });
  return Promise.race([ok, died]).then((url) => ({ child, url }));
}

/** A free loopback port (the API prints the configured port, so it cannot be 0). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const pathFor = (n: number) => `/registry/lookup?isrc=QZBEN${String(n).padStart(7, '0')}`;

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** autocannon against one server; also the server's CPU time per answered request (less sensitive to load than req/s). */
async function run(url: string, paths: string[], seconds: number, pid: number) {
  const cpuBefore = cpuSeconds(pid);
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      { setupRequest: (request: Record<string, unknown>) => ({ ...request, path: paths[i++ % paths.length] }) },
    ],
  });
  const cpuMsPerRequest = ((cpuSeconds(pid) - cpuBefore) * 1000) / result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors,
    cpuMsPerRequest,
  };
}

async function main() {
  // BENCH_DATABASE_URL: a database kept afterwards (seeding 1,000,000 takes minutes on a busy
  // machine); created, migrated and seeded on the first run, reused as it is on later ones.
  const reuse = process.env.BENCH_DATABASE_URL;
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/chorus_bench_${Date.now().toString(36)}`;
  const databaseUrl = reuse ?? base.toString();
  await runMigrations(databaseUrl);
  const env = testEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    CHORUS_TEST_RUN: 'bench',
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CHORUS_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
    REGISTRY_LOOKUP_RATE_LIMIT: '100000000',
    // "Cached" is the state measured: with the default 30 s, the hot set expires between rounds and
    // a round of either server may include 10,000 re-fetches (300 µs of CPU each), which made one
    // server's rate move 3× from round to round. BENCH_CACHE_SECONDS=30 measures that too.
    REGISTRY_LOOKUP_CACHE_SECONDS: process.env.BENCH_CACHE_SECONDS ?? '3600',
    PORT: String(await freePort()),
  });
  const processes: ChildProcess[] = [];
  try {
    if (!reuse || (await seededCount(databaseUrl)) !== IDENTIFIERS) await seed(databaseUrl);
    else
      process.stdout.write(`reusing ${IDENTIFIERS} seeded identifiers in ${new URL(databaseUrl).pathname.slice(1)}\n`);
    const dist = join(__dirname, '..');
    const pinning = new CpuPinning();
    // BENCH_API_NODE_ARGS: node flags for the API process alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const apiArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const api = await start(
      join(dist, 'apps/api/src/main.js'),
      env,
      (out) => /listening on (http:\/\/[\d.:]+)\/graphql/.exec(out)?.[1],
      pinning,
      [...NODE_FLAGS, ...apiArgs],
    );
    processes.push(api.child);
    const bare = await start(
      join(dist, 'bench/registry-bare-lookup-server.js'),
      env,
      (out) => (/^(\d+)\n/.exec(out) ? `http://127.0.0.1:${/^(\d+)/.exec(out)![1]}` : undefined),
      pinning,
    );
    processes.push(bare.child);
    const hot = Array.from({ length: HOT }, (_, k) => pathFor(Math.floor((k * IDENTIFIERS) / HOT)));
    const targets = { chorus: { url: api.url, pid: api.child.pid! }, bare: { url: bare.url, pid: bare.child.pid! } };
    for (const { url, pid } of Object.values(targets)) {
      // Every hot identifier once (both caches full), then a short run to warm the JITs.
      for (let k = 0; k < hot.length; k += 50)
        await Promise.all(hot.slice(k, k + 50).map((path) => fetch(`${url}${path}`).then((r) => r.text())));
      await run(url, hot, 3, pid);
    }
    const rounds: Record<string, { rps: number; cpu: number }[]> = { chorus: [], bare: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, { url, pid }] of Object.entries(targets)) {
        const load = loadavg()[0].toFixed(1);
        const r = await run(url, hot, SECONDS, pid);
        rounds[name].push({ rps: r.rps, cpu: r.cpuMsPerRequest });
        process.stdout.write(
          `round ${round} ${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${(r.cpuMsPerRequest * 1000).toFixed(0)} µs/request, non-2xx/errors ${r.bad} (load average before: ${load})\n`,
        );
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const [chorus, bareRps] = [median(rounds.chorus.map((r) => r.rps)), median(rounds.bare.map((r) => r.rps))];
    const [chorusCpu, bareCpu] = [median(rounds.chorus.map((r) => r.cpu)), median(rounds.bare.map((r) => r.cpu))];
    // Per round, both measured back to back: the ratio of each pair is less exposed to load swings than the ratio of medians.
    const pairRatio = median(rounds.chorus.map((r, k) => r.rps / rounds.bare[k].rps));
    process.stdout.write(
      `cached (hot set of ${HOT}): chorus median ${chorus.toFixed(0)} req/s, bare median ${bareRps.toFixed(0)} req/s, ratio of medians ${(chorus / bareRps).toFixed(2)}, median of per-round ratios ${pairRatio.toFixed(2)}; server CPU per request chorus ${(chorusCpu * 1000).toFixed(0)} µs, bare ${(bareCpu * 1000).toFixed(0)} µs (bare/chorus ${(bareCpu / chorusCpu).toFixed(2)})\n`,
    );
    const cold = Array.from({ length: 200_000 }, () => pathFor(Math.floor(Math.random() * IDENTIFIERS)));
    for (const [name, { url, pid }] of Object.entries(targets)) {
      const r = await run(url, cold, SECONDS, pid);
      process.stdout.write(
        `uniform over ${IDENTIFIERS} (mostly misses) ${name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server CPU ${(r.cpuMsPerRequest * 1000).toFixed(0)} µs/request, non-2xx/errors ${r.bad}\n`,
      );
    }
    process.stdout.write(
      `machine: ${cpus().length} × ${cpus()[0].model}, load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    for (const child of processes) await stopProcess(child);
    if (!reuse) await dropDatabase(databaseUrl).catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
