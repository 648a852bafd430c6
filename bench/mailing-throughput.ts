// Mailing throughput benchmark (issue 5, done-when 4). Run after `npm run build`:
//   node dist/bench/mailing-throughput.js
// The naive baseline runs twice: as a default @Processor would (concurrency 1), and tuned (16).
// Env: BENCH_RECIPIENTS (100000), BENCH_NAIVE_RECIPIENTS (10000, 0 = skip the naive baseline), BENCH_RATE (200),
//      BENCH_RATE_RECIPIENTS (6000), DATABASE_URL base (a fresh chorus_bench_* database is made), REDIS_URL.
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ConnectionOptions, Queue } from 'bullmq';
import { SMTPServer } from 'smtp-server';
import { createApiApp } from '../apps/api/src/bootstrap';
import { runMigrations } from '../libs/core/src/database/run-migrations';
import { dropDatabase } from '../libs/core/src/database/ensure-database';
import { redisOptionsFromUrl } from '../libs/core/src/queue/redis-options';
import { gqlOk, login } from '../test/support/gql';
import { sleep } from '../test/support/wait-for';
import { deleteRedisKeys } from '../test/support/services';

const N = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const NAIVE_N = Number(process.env.BENCH_NAIVE_RECIPIENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const RATE_N = Number(process.env.BENCH_RATE_RECIPIENTS ?? 6000);
const ROOT = join(__dirname, '..', '..');
const log = (line: string) => process.stdout.write(`${line}\n`);

/** A loopback SMTP sink that only counts (the messages are not what is measured). */
async function startSink() {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count += 1;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`,
    count: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function spawnNode(
  entry: string,
  env: Record<string, string>,
  ready: string,
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      if (output.includes(ready)) resolve(child);
    });
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
}

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function seed(db: Client, count: number, tag: string) {
  await db.query(
    `INSERT INTO people (email, first_name, last_name, tags) SELECT 'b' || g || '.' || $1 || '@example.test', 'First' || g, 'Last' || g, ARRAY[$1] FROM generate_series(1, $2) g`,
    [tag, count],
  );
}

async function main() {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/chorus_bench_${Date.now().toString(36)}`;
  const databaseUrl = base.toString();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await runMigrations(databaseUrl);
  const sink = await startSink();
  const prefix = `chorus-bench-${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: sink.url,
    QUEUE_PREFIX: prefix,
    PORT: '0',
    MAIL_FROM: 'Chorus <bench@chorus.test>',
    PUBLIC_URL: 'https://chorus.example',
  };
  const api = await createApiApp(env);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const token = await login(
    url,
    env.CHORUS_ADMIN_EMAIL ?? 'admin@chorus.localhost',
    env.CHORUS_ADMIN_PASSWORD ?? 'chorus-admin-password',
  );
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const body =
    'Hello {{firstName}} {{lastName}},\n\nthe open letter needs your signature: {{campaign}}.\n\nThank you,\nthe coalition\n\nUnsubscribe: {{unsubscribeUrl}}';
  const createMailing = async (tag: string) =>
    (
      await gqlOk(
        url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        {
          i: {
            name: `Bench ${tag}`,
            subject: 'A letter for {{firstName}}',
            bodyTemplate: body,
            audience: { tags: [tag] },
          },
        },
        token,
      )
    ).createMailing.id as string;

  /** Our pipeline: sendMailing → last delivery recorded, one worker process. */
  async function pipeline(count: number, workerEnv: Record<string, string>) {
    const tag = `bench-${randomBytes(3).toString('hex')}`;
    await seed(db, count, tag);
    const worker = await spawnNode(
      'dist/apps/worker/src/main.js',
      { ...env, ...workerEnv },
      'consuming queues',
      (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    );
    const id = await createMailing(tag);
    const cpuAtStart = cpuSeconds(worker.pid!);
    const benchCpuAtStart = process.cpuUsage();
    const sinkBefore = sink.count();
    const started = Date.now();
    await gqlOk(url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id }, token);
    const sendMailingMs = Date.now() - started;
    for (;;) {
      const { rows } = await db.query(`SELECT status FROM mailings WHERE id = $1`, [id]);
      if (rows[0].status === 'SENT') break;
      await sleep(100);
    }
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent, extract(epoch FROM max(sent_at) - min(sent_at)) AS window, max(sent_at) AS last FROM mailing_deliveries WHERE mailing_id = $1`,
      [id],
    );
    const seconds = (new Date(rows[0].last).getTime() - started) / 1000;
    const peak = peakRssMb(worker.pid!);
    const cpu = cpuSeconds(worker.pid!) - cpuAtStart;
    // PostgreSQL backends serving the worker (same machine): their CPU since they started.
    const { rows: backends } = await db.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'chorus-worker'`,
    );
    const pgCpu = backends.reduce((sum, b) => {
      try {
        return sum + cpuSeconds(b.pid);
      } catch {
        return sum;
      }
    }, 0);
    await stop(worker);
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    return {
      postgresCpuMsPerDelivery: (pgCpu * 1000) / rows[0].sent,
      sinkAndApiCpuMsPerDelivery: (benchCpu.user + benchCpu.system) / 1000 / rows[0].sent,
      workerCpuMsPerDelivery: (cpu * 1000) / rows[0].sent,
      sent: rows[0].sent as number,
      received: sink.count() - sinkBefore,
      seconds,
      perSecond: rows[0].sent / seconds,
      sendWindowPerSecond: (rows[0].sent - 1) / Number(rows[0].window),
      sendMailingMs,
      workerPeakRssMb: peak,
    };
  }

  /** The naive baseline: one BullMQ job per recipient. */
  async function naive(count: number, concurrency: number) {
    const tag = `naive-${randomBytes(3).toString('hex')}`;
    await seed(db, count, tag);
    const id = await createMailing(tag);
    await db.query(
      `INSERT INTO mailing_deliveries (mailing_id, person_id) SELECT $1, id FROM people WHERE tags @> ARRAY[$2] ORDER BY id`,
      [id, tag],
    );
    const worker = await spawnNode(
      'dist/bench/mailing-naive-worker.js',
      { ...env, NAIVE_CONCURRENCY: String(concurrency) },
      'naive worker ready',
    );
    const cpuAtStart = cpuSeconds(worker.pid!);
    const queue = new Queue('naive', {
      connection: { ...redisOptionsFromUrl(redisUrl), maxRetriesPerRequest: null } as ConnectionOptions,
      prefix,
    });
    const started = Date.now();
    const { rows: deliveries } = await db.query(`SELECT id::text FROM mailing_deliveries WHERE mailing_id = $1`, [id]);
    for (let i = 0; i < deliveries.length; i += 1000) {
      await queue.addBulk(
        deliveries
          .slice(i, i + 1000)
          .map((d) => ({ name: 'send', data: { deliveryId: d.id }, opts: { removeOnComplete: true } })),
      );
    }
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, max(sent_at) AS last FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENT'`,
        [id],
      );
      if (rows[0].n === count) {
        const seconds = (new Date(rows[0].last).getTime() - started) / 1000;
        const peak = peakRssMb(worker.pid!);
        const cpu = cpuSeconds(worker.pid!) - cpuAtStart;
        await stop(worker);
        await queue.obliterate({ force: true });
        await queue.close();
        return {
          sent: count,
          seconds,
          perSecond: count / seconds,
          workerPeakRssMb: peak,
          workerCpuMsPerDelivery: (cpu * 1000) / count,
        };
      }
      await sleep(200);
    }
  }

  log(
    `load average at start: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (other processes share these cores)`,
  );
  log(
    `machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`,
  );
  const ours = await pipeline(N, {});
  log(
    `pipeline: ${ours.sent} deliveries in ${ours.seconds.toFixed(1)} s = ${ours.perSecond.toFixed(0)}/s (sink received ${ours.received}; sendMailing took ${ours.sendMailingMs} ms; worker peak RSS ${ours.workerPeakRssMb.toFixed(0)} MB, worker CPU ${ours.workerCpuMsPerDelivery.toFixed(3)} ms/delivery; sink+API CPU ${ours.sinkAndApiCpuMsPerDelivery.toFixed(3)} ms/delivery; PostgreSQL CPU for the worker ${ours.postgresCpuMsPerDelivery.toFixed(3)} ms/delivery)`,
  );
  for (const concurrency of NAIVE_N > 0 ? [1, 16] : []) {
    const baseline = await naive(NAIVE_N, concurrency);
    log(
      `naive baseline, concurrency ${concurrency}: ${baseline.sent} deliveries in ${baseline.seconds.toFixed(1)} s = ${baseline.perSecond.toFixed(0)}/s (worker peak RSS ${baseline.workerPeakRssMb.toFixed(0)} MB, worker CPU ${baseline.workerCpuMsPerDelivery.toFixed(3)} ms/delivery) → pipeline is ${(ours.perSecond / baseline.perSecond).toFixed(1)}×`,
    );
  }
  if (RATE > 0) {
    const limited = await pipeline(RATE_N, { MAILING_RATE_PER_SECOND: String(RATE) });
    const error = (limited.perSecond / RATE - 1) * 100;
    log(
      `rate limit ${RATE}/s: ${limited.sent} deliveries in ${limited.seconds.toFixed(1)} s = ${limited.perSecond.toFixed(1)}/s (${error >= 0 ? '+' : ''}${error.toFixed(1)}% of the limit; first-to-last send ${limited.sendWindowPerSecond.toFixed(1)}/s)`,
    );
  }
  await db.end();
  await api.close();
  await sink.close();
  await dropDatabase(databaseUrl);
  await deleteRedisKeys(redisUrl, `${prefix}:*`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
