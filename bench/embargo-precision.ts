// Embargo precision (issue 4, done when 5): 50 releases whose embargoes fall within one minute
// (10 instants 6 s apart, 5 releases each), a worker in its own process, a real SMTP server on
// loopback. For each release: delay from embargoUntil to the first email the server accepted,
// and to the last. Prints median and maximum. Run: npm run build && node dist/bench/embargo-precision.js
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../libs/core/src/database/run-migrations';
import { dropDatabase } from '../libs/core/src/database/ensure-database';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startApi, stopProcess, testEnv } from '../test/support/app';
import { gqlOk, login, loginAdmin } from '../test/support/gql';
import { startSmtpSink } from '../test/support/smtp-sink';
import { sleep, waitFor } from '../test/support/wait-for';
import { deleteRedisKeys } from '../test/support/services';

const RELEASES = Number(process.env.BENCH_RELEASES ?? 50);
const CONTACTS_PER_LIST = Number(process.env.BENCH_CONTACTS ?? 5);
const GROUP = 5; // releases sharing one embargo instant

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/chorus_bench_${Date.now().toString(36)}`;
  const databaseUrl = base.toString();
  await runMigrations(databaseUrl);
  const sink = await startSmtpSink({ parse: false });
  const env = testEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    SMTP_URL: sink.url,
    LOG_LEVEL: 'warn',
    CHORUS_TEST_RUN: 'bench',
  });
  const api = await startApi(env);
  // The worker in its own process, as in production (this file runs from dist/bench/).
  const worker = spawn(process.execPath, [join(__dirname, '..', 'apps', 'worker', 'src', 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const admin = await loginAdmin(api.url);
    const email = `bench.press.${randomBytes(4).toString('hex')}@example.test`;
    await gqlOk(
      api.url,
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email, name: 'Bench press officer', password: 'bench-password-long', role: 'PRESS_OFFICER' } },
      admin,
    );
    const press = await login(api.url, email, 'bench-password-long');

    const ids: string[] = [];
    for (let i = 0; i < RELEASES; i++) {
      const contactIds: string[] = [];
      for (let c = 0; c < CONTACTS_PER_LIST; c++) {
        const input = {
          name: `Reporter ${i}-${c}`,
          email: `r${i}-${c}.${randomBytes(3).toString('hex')}@example.test`,
        };
        contactIds.push(
          (
            await gqlOk(
              api.url,
              'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
              { i: input },
              press,
            )
          ).createPressContact.id,
        );
      }
      const list = (
        await gqlOk(
          api.url,
          'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
          { n: `Bench list ${i} ${randomBytes(3).toString('hex')}`, c: contactIds },
          press,
        )
      ).createPressList.id;
      const { id } = (
        await gqlOk(
          api.url,
          'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
          { i: { title: `Bench release ${i}`, body: 'Embargoed.', pressListIds: [list] } },
          press,
        )
      ).createPressRelease;
      await gqlOk(api.url, `mutation { submitPressRelease(id: "${id}") { id } }`, {}, press);
      await gqlOk(api.url, `mutation { approvePressRelease(id: "${id}") { id } }`, {}, admin);
      ids.push(id);
    }
    // Embargoes: the next whole minute plus 10 s, then every 6 s, 5 releases per instant — all within one minute.
    const start = Math.ceil((Date.now() + 15_000) / 60_000) * 60_000 + 500;
    const embargoes = ids.map((_, i) => start + Math.floor(i / GROUP) * 6_000);
    for (const [i, id] of ids.entries()) {
      await gqlOk(
        api.url,
        'mutation($id: ID!, $at: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $at) { id } }',
        { id, at: new Date(embargoes[i]).toISOString() },
        press,
      );
    }
    process.stdout.write(
      `scheduled ${RELEASES} releases (${CONTACTS_PER_LIST} contacts each) between ${new Date(embargoes[0]).toISOString()} and ${new Date(embargoes[embargoes.length - 1]).toISOString()}\n`,
    );

    const expected = RELEASES * CONTACTS_PER_LIST;
    await waitFor(() => sink.messages.length >= expected, {
      timeoutMs: embargoes[embargoes.length - 1] - Date.now() + 30_000,
      intervalMs: 200,
      what: `${expected} emails`,
    });
    await sleep(1000);
    const arrivals = new Map<string, number[]>();
    for (const message of sink.messages) {
      const id = /X-Chorus-Press-Release: ([0-9a-f-]+)/i.exec(message.raw)?.[1];
      if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), message.receivedAt]);
    }
    const first = ids.map((id, i) => Math.min(...arrivals.get(id)!) - embargoes[i]).sort((a, b) => a - b);
    const last = ids.map((id, i) => Math.max(...arrivals.get(id)!) - embargoes[i]).sort((a, b) => a - b);
    const early = first.filter((d) => d < 0).length;
    // Where the time goes: embargo → row PUBLISHED (wake-up + transaction), the rest is SMTP.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      `SELECT id, (extract(epoch FROM published_at - embargo_until) * 1000)::int AS ms FROM press_releases WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    await db.end();
    const publishDelay = rows.map((r: { ms: number }) => r.ms).sort((a: number, b: number) => a - b);
    const duplicates = sink.messages.length - expected;
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`;
    process.stdout.write(
      [
        `machine: ${machine}`,
        `emails: ${sink.messages.length} (expected ${expected}, duplicates ${duplicates}), sent before the embargo: ${early} releases`,
        `embargo → row PUBLISHED:         median ${quantile(publishDelay, 0.5)} ms, p90 ${quantile(publishDelay, 0.9)} ms, max ${publishDelay[publishDelay.length - 1]} ms, min ${publishDelay[0]} ms`,
        `embargo → first email accepted: median ${quantile(first, 0.5)} ms, p90 ${quantile(first, 0.9)} ms, max ${first[first.length - 1]} ms, min ${first[0]} ms`,
        `embargo → last email accepted:  median ${quantile(last, 0.5)} ms, p90 ${quantile(last, 0.9)} ms, max ${last[last.length - 1]} ms`,
        `goal (max first-email delay < 1000 ms): ${first[first.length - 1] < 1000 && early === 0 ? 'met' : 'NOT met'}`,
      ].join('\n') + '\n',
    );
  } finally {
    await stopProcess(worker);
    await api.close();
    await sink.close();
    await dropDatabase(databaseUrl).catch(() => undefined);
    await deleteRedisKeys(env.REDIS_URL, `${env.QUEUE_PREFIX}:*`).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
