// GraphQL read path (issue 12): the built API in production mode (logs at the default level, to
// a file) against a bare Apollo Server 5 answering the same queries from the same PostgreSQL rows
// (bench/api-read-bare-server.ts), both started here as their own processes on 127.0.0.1.
// autocannon drives each query against each server in interleaved reps (same machine load) and
// the medians are compared. `--processes 2` adds the scaling check: the nested people list on one
// API process, then on two processes over the same database driven at once.
// Run: npm run build && node dist/bench/api-read.js [--processes 2]
//   BENCH_PEOPLE (10000), BENCH_SECONDS (10), BENCH_REPS (3), BENCH_CONNECTIONS (50), BENCH_QUERIES (names, comma-separated),
//   DATABASE_POOL_SIZE (both servers' pools, default 10),
//   BENCH_OTHER_API (the main.js of another build, e.g. a copy of dist/ made before a change: driven as
//   "other" in the same reps, so that two builds are compared under the same machine load)
import 'reflect-metadata';
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../libs/core/src/database/run-migrations';
import { dropDatabase } from '../libs/core/src/database/ensure-database';
import { API_NODE_FLAGS, stopProcess } from '../test/support/app';
import { deleteRedisKeys } from '../test/support/services';
import { login } from '../test/support/gql';
import { waitFor } from '../test/support/wait-for';
import { CpuPinning } from './support/cpu-pinning';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}>;

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const ORGANIZATIONS = 40;
const TASKS = 1_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const processesArg = process.argv.indexOf('--processes');
const PROCESSES = processesArg > 0 ? Number(process.argv[processesArg + 1]) : 1;

const QUERIES: Record<string, string> = {
  people: '{ people(first: 100) { totalCount edges { node { id email firstName lastName emailStatus } } } }',
  'people+memberships':
    '{ people(first: 100) { totalCount edges { node { id email firstName lastName emailStatus memberships { role organization { name } } } } } }',
  me: '{ me { id } }',
  organizations:
    '{ organizations(first: 50) { totalCount edges { node { id name memberCount commitments { id kind status } } } } }',
  outreachTasks:
    '{ outreachTasks(first: 100) { totalCount edges { node { id title status assignee { id email } person { id email } } } } }',
};
const selected = process.env.BENCH_QUERIES ? process.env.BENCH_QUERIES.split(',') : Object.keys(QUERIES);

const ADMIN = { email: 'bench-admin@chorus.localhost', password: randomBytes(18).toString('base64url') };

async function seed(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  await db.query(
    `INSERT INTO organizations (name, kind) SELECT 'Bench organization ' || lpad(g::text, 3, '0'), (ARRAY['UNION','GUILD','LABEL','PUBLISHER'])[1 + g % 4] FROM generate_series(1, $1) g`,
    [ORGANIZATIONS],
  );
  await db.query(
    `INSERT INTO commitments (organization_id, kind, description) SELECT o.id, k, 'Bench commitment ' || k FROM organizations o, unnest(ARRAY['AMPLIFY','FUNDING','CUSTOM']) k`,
  );
  await db.query(
    `INSERT INTO people (email, first_name, last_name, email_status) SELECT 'bench-' || g || '@example.test', 'First' || g, 'Last' || (g % 997), (ARRAY['SUBSCRIBED','UNSUBSCRIBED'])[1 + (g % 7 = 0)::int] FROM generate_series(1, $1) g`,
    [PEOPLE],
  );
  // One membership each, a second for every third person: 1.33 per person on average.
  await db.query(
    `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM organizations), p AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people)
    INSERT INTO memberships (person_id, organization_id, role, member_number)
    SELECT p.id, o.id, CASE WHEN p.n % 10 = 0 THEN 'STAFF' ELSE 'MEMBER' END, 'M-' || p.n FROM p JOIN o ON o.n = p.n % $1
    UNION ALL SELECT p.id, o.id, 'MEMBER', NULL FROM p JOIN o ON o.n = (p.n + 7) % $1 WHERE p.n % 3 = 0`,
    [ORGANIZATIONS],
  );
  await db.query(
    `INSERT INTO users (email, name, password_hash, role, organization_id, calendar_token)
    SELECT 'bench-staff-' || g || '@chorus.localhost', 'Staff ' || g, '!', 'ORG_STAFF', (SELECT id FROM organizations ORDER BY id OFFSET g % $1 LIMIT 1), md5(random()::text) FROM generate_series(1, 10) g`,
    [ORGANIZATIONS],
  );
  await db.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users), p AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people WHERE email LIKE 'bench-%')
    INSERT INTO outreach_tasks (kind, title, assignee_user_id, person_id) SELECT 'CALL', 'Call ' || p.n, u.id, p.id FROM p JOIN u ON u.n = p.n % 10 WHERE p.n <= $1`,
    [TASKS],
  );
  for (const table of ['organizations', 'people', 'memberships', 'commitments', 'users', 'outreach_tasks'])
    await db.query(`VACUUM ANALYZE ${table}`);
  await db.end();
  process.stdout.write(
    `seeded ${PEOPLE} people (with memberships), ${ORGANIZATIONS} organizations, ${TASKS} outreach tasks in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

/** A free loopback port (the API listens on the configured port, so it cannot be 0). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** The built API as its own process, its stdout and stderr appended to `logFile`. */
async function startApi(
  env: Record<string, string>,
  logFile: string,
  pinning: CpuPinning,
  main = join(__dirname, '..', 'apps/api/src/main.js'),
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": to profile the API under this load.
  const nodeArgs = nodeArgsFrom('BENCH_API_NODE_ARGS');
  // Started as production starts it (package.json start:api, the Dockerfile).
  const [command, args] = pinning.command([...API_NODE_FLAGS, ...nodeArgs, main]);
  const child = spawn(command, args, {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const state = await waitFor(
    async () =>
      child.exitCode !== null
        ? 'exited'
        : fetch(`${url}/health`)
            .then((r) => (r.ok ? 'up' : undefined))
            .catch(() => undefined),
    { timeoutMs: 120_000, intervalMs: 200, what: 'the API' },
  );
  if (state === 'exited') throw new Error(`the API exited (${child.exitCode}); see ${logFile}`);
  return { child, url };
}

/** Extra node arguments from an environment variable, space-separated. */
const nodeArgsFrom = (variable: string): string[] => (process.env[variable] ?? '').split(' ').filter(Boolean);

function startBare(env: Record<string, string>, pinning: CpuPinning): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_BARE_NODE_ARGS, e.g. "--max-semi-space-size=64": the bare server tuned as the API is.
  const nodeArgs = nodeArgsFrom('BENCH_BARE_NODE_ARGS');
  const [command, args] = pinning.command([...nodeArgs, join(__dirname, 'api-read-bare-server.js')]);
  const child = spawn(command, args, {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  return waitFor(() => (/^(\d+)\n/.exec(output) ? `http://127.0.0.1:${/^(\d+)/.exec(output)![1]}` : undefined), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: 'the bare server',
  }).then((url) => ({ child, url }));
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  cpuMs: number;
  /** PostgreSQL's CPU per request (all its processes: the servers' backends do the work). */
  pgCpuMs: number;
}

/**
 * CPU time the server process has used (user + system, ms, from /proc; Linux clock ticks are
 * 10 ms): per request it is what the code costs, whatever else the machine is busy with.
 */
function cpuMsOf(pid: number | undefined): number {
  const stat = procStat(pid);
  return stat ? (stat.fields.utime + stat.fields.stime) * 10 : NaN;
}

/**
 * CPU time of every PostgreSQL process on the machine, ms (the bench is its only client), with
 * that of its ended children, so that a backend or autovacuum worker that exits during a rep
 * moves its time into the postmaster's sum instead of vanishing from it.
 */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(entry) : undefined;
    if (stat?.command === 'postgres')
      ticks += stat.fields.utime + stat.fields.stime + stat.fields.cutime + stat.fields.cstime;
  }
  return ticks * 10;
}

/** A process's name and CPU clock ticks from /proc/<pid>/stat; undefined once it has ended. */
function procStat(pid: number | string | undefined) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const end = stat.lastIndexOf(')');
    const [utime, stime, cutime, cstime] = stat
      .slice(end + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return { command: stat.slice(stat.indexOf('(') + 1, end), fields: { utime, stime, cutime, cstime } };
  } catch {
    return undefined;
  }
}

async function drive(
  url: string,
  query: string,
  token: string | undefined,
  seconds: number,
  pid?: number,
  connections = CONNECTIONS,
): Promise<Result> {
  const cpuBefore = cpuMsOf(pid);
  const pgBefore = postgresCpuMs();
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors,
    cpuMs: (cpuMsOf(pid) - cpuBefore) / Math.max(result.requests.total, 1),
    pgCpuMs: (postgresCpuMs() - pgBefore) / Math.max(result.requests.total, 1),
  };
}

/** One answer of each server, checked before measuring: a GraphQL error would be fast but no answer. */
async function check(url: string, query: string, token?: string): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = await response.text();
  const parsed = JSON.parse(body) as { errors?: unknown[] };
  if (!response.ok || parsed.errors)
    throw new Error(`${url}: ${query} answered ${response.status} ${body.slice(0, 500)}`);
  return body.length;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main() {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/chorus_bench_read_${Date.now().toString(36)}`;
  const databaseUrl = base.toString();
  const logFile = process.env.BENCH_LOG_FILE ?? join(tmpdir(), `chorus-bench-api-read-${Date.now().toString(36)}.log`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    HOST: '127.0.0.1',
    QUEUE_PREFIX: `chorus-bench-read-${randomBytes(4).toString('hex')}`,
    PUBLIC_URL: 'http://127.0.0.1:1',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
    CHORUS_ADMIN_EMAIL: ADMIN.email,
    CHORUS_ADMIN_PASSWORD: ADMIN.password,
    // Both servers' pool (default 10 each).
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  };
  const processes: ChildProcess[] = [];
  // Several API processes need both cores: pinned only when one is measured.
  const pinning = new CpuPinning(PROCESSES === 1);
  try {
    await runMigrations(databaseUrl);
    // The API first: it creates the first admin only while there is no user at all.
    const api = await startApi(env, logFile, pinning);
    processes.push(api.child);
    await seed(databaseUrl);
    const bare = await startBare(env, pinning);
    processes.push(bare.child);
    const token = await login(api.url, ADMIN.email, ADMIN.password);
    process.stdout.write(
      `API logs (default level) in ${logFile}\nmachine: ${cpus().length} × ${cpus()[0].model}, ${SECONDS} s × ${REPS} reps × ${CONNECTIONS} connections, load average ${load()}\n`,
    );

    const targets = [
      { name: 'chorus', url: api.url, token, pid: api.child.pid },
      { name: 'bare', url: bare.url, token: undefined, pid: bare.child.pid },
    ];
    if (process.env.BENCH_OTHER_API) {
      // Same secret, same database: the admin's token is good there too.
      const other = await startApi(env, logFile, pinning, process.env.BENCH_OTHER_API);
      processes.push(other.child);
      targets.splice(1, 0, { name: 'other', url: other.url, token, pid: other.child.pid }); // driven right after chorus
    }
    for (const name of selected) {
      const sizes = await Promise.all(targets.map((t) => check(t.url, QUERIES[name], t.token)));
      process.stdout.write(
        `${name}: answers of ${sizes.join(' / ')} bytes (${targets.map((t) => t.name).join(' / ')})\n`,
      );
    }
    for (const t of targets) for (const name of selected) await drive(t.url, QUERIES[name], t.token, 2); // JIT warm-up

    const results: Record<string, Record<string, Result[]>> = {};
    for (let rep = 1; rep <= REPS; rep++) {
      for (const name of selected) {
        for (const t of targets) {
          const before = load();
          const r = await drive(t.url, QUERIES[name], t.token, SECONDS, t.pid);
          ((results[name] ??= {})[t.name] ??= []).push(r);
          process.stdout.write(
            `rep ${rep} ${name.padEnd(18)} ${t.name.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.cpuMs.toFixed(2)} ms/req  PostgreSQL CPU ${r.pgCpuMs.toFixed(2)} ms/req  non-2xx/errors ${r.bad}  (load before: ${before})\n`,
          );
        }
      }
    }
    process.stdout.write(
      `\n| query | chorus req/s | p50 / p99 ms | CPU ms/req (server + PostgreSQL) | bare req/s | p50 / p99 ms | CPU ms/req (server + PostgreSQL) | ratio req/s | ratio p99 |\n|---|---|---|---|---|---|---|---|---|\n`,
    );
    for (const name of selected) {
      const [c, b] = [results[name].chorus, results[name].bare];
      const [cr, br] = [median(c.map((r) => r.rps)), median(b.map((r) => r.rps))];
      const [cp99, bp99] = [median(c.map((r) => r.p99)), median(b.map((r) => r.p99))];
      const cpu = (results: Result[]) =>
        `${median(results.map((r) => r.cpuMs)).toFixed(2)} + ${median(results.map((r) => r.pgCpuMs)).toFixed(2)}`;
      process.stdout.write(
        `| ${name} | ${cr.toFixed(0)} | ${median(c.map((r) => r.p50))} / ${cp99} | ${cpu(c)} | ${br.toFixed(0)} | ${median(b.map((r) => r.p50))} / ${bp99} | ${cpu(b)} | ${(cr / br).toFixed(2)} | ${(cp99 / Math.max(bp99, 1)).toFixed(2)} |\n`,
      );
    }
    if (targets.some((t) => t.name === 'other')) {
      // Per rep, this build against the other one driven right before or after it.
      process.stdout.write(
        `\n| query | chorus / other req/s per rep | median | chorus / other CPU per request per rep | median |\n|---|---|---|---|---|\n`,
      );
      for (const name of selected) {
        const [c, o] = [results[name].chorus, results[name].other];
        const rps = c.map((r, i) => r.rps / o[i].rps);
        const cpu = c.map((r, i) => r.cpuMs / o[i].cpuMs);
        const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
        process.stdout.write(
          `| ${name} | ${list(rps)} | ${median(rps).toFixed(2)} | ${list(cpu)} | ${median(cpu).toFixed(2)} |\n`,
        );
      }
    }

    if (PROCESSES > 1) {
      const more = [api];
      for (let i = 1; i < PROCESSES; i++) {
        const extra = await startApi(env, logFile, pinning);
        processes.push(extra.child);
        more.push(extra);
      }
      const query = QUERIES['people+memberships'];
      for (const p of more) await drive(p.url, query, token, 2);
      const one: number[] = [];
      const all: number[] = [];
      for (let rep = 1; rep <= REPS; rep++) {
        one.push((await drive(api.url, query, token, SECONDS)).rps);
        const together = await Promise.all(more.map((p) => drive(p.url, query, token, SECONDS)));
        all.push(together.reduce((sum, r) => sum + r.rps, 0));
        process.stdout.write(
          `rep ${rep} people+memberships: 1 process ${one.at(-1)!.toFixed(0)} req/s, ${PROCESSES} processes ${all.at(-1)!.toFixed(0)} req/s (${together.map((r) => r.rps.toFixed(0)).join(' + ')}), load ${load()}\n`,
        );
      }
      process.stdout.write(
        `${PROCESSES} processes / 1 process (medians): ${(median(all) / median(one)).toFixed(2)}× (${CONNECTIONS} connections per process)\n`,
      );
    }
    process.stdout.write(`load average at the end: ${load()}\n`);
  } finally {
    for (const child of processes) await stopProcess(child);
    await dropDatabase(databaseUrl).catch(() => undefined);
    // The API's rate-limit windows and queue keys: gone with the run, like its database.
    await deleteRedisKeys(env.REDIS_URL, `${env.QUEUE_PREFIX}*`).catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
