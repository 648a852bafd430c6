// Crash safety of the send pipeline with real worker processes (`npm run build` first):
// a worker killed with SIGKILL half way, and a Redis FLUSHALL mid-mailing.
import { Client } from 'pg';
import { spawnWorker, startApi, stopProcess, testEnv, RunningApi } from '../support/app';
import { gqlOk, loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';
import { startPrivateRedis } from '../support/private-redis';
import { waitFor } from '../support/wait-for';
import { database } from '../support/db';
import { createMailing, seedPeople } from './mailings-helpers';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';

jest.setTimeout(180_000);

const RECIPIENTS = Number(process.env.MAILING_CRASH_RECIPIENTS ?? 20000);

describe('mailings: crash safety', () => {
  let sink: SmtpSink;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let api: RunningApi;
  let env: Record<string, string>;
  let client: Client;
  let admin: string;
  let organizationId: string;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  const messageId = (raw: string) => /^Message-ID: *(.+)$/im.exec(raw)?.[1].trim();
  const startWorkerProcess = async () => {
    const worker = spawnWorker(env);
    workers.push(worker);
    await waitFor(() => worker.output().includes('consuming queues'), {
      timeoutMs: 30000,
      what: `worker ${worker.pid} to start`,
    });
    return worker;
  };
  const countOf = async (mailingId: string, status: string) =>
    (
      await client.query(`SELECT count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 AND status = $2`, [
        mailingId,
        status,
      ])
    ).rows[0].n as number;
  const send = async (id: string) =>
    gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id }, admin);
  const waitSent = (id: string) =>
    waitFor(
      async () => (await client.query(`SELECT status FROM mailings WHERE id = $1`, [id])).rows[0].status === 'SENT',
      { timeoutMs: 120000, intervalMs: 250, what: `mailing ${id} to be sent` },
    );

  beforeAll(async () => {
    sink = await startSmtpSink({ parse: false });
    redis = await startPrivateRedis();
    env = testEnv({
      SMTP_URL: sink.url,
      REDIS_URL: redis.url,
      MAILING_LEASE_SECONDS: '12',
      MAILING_RECONCILE_SECONDS: '1',
      MAILING_BATCH_SIZE: '200',
      DATABASE_POOL_SIZE: '8',
    });
    api = await startApi(env);
    admin = await loginAdmin(api.url);
    organizationId = (await createOrganization(api.url, admin)).id;
    client = await database();
  });
  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker, 'SIGKILL');
    await client?.end();
    await api?.close();
    await redis?.stop();
    await sink?.close();
  });

  it(`two workers share a ${RECIPIENTS}-recipient mailing; one SIGKILLed half way loses nothing and duplicates only what was in flight`, async () => {
    const people = await seedPeople(client, organizationId, RECIPIENTS, 'crash');
    const [victim, survivor] = [await startWorkerProcess(), await startWorkerProcess()];
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    const started = Date.now();
    await send(mailing.id);

    await waitFor(async () => (await countOf(mailing.id, 'SENT')) >= RECIPIENTS / 2, {
      timeoutMs: 120000,
      intervalMs: 20,
      what: 'half of the mailing sent',
    });
    // Kill while the victim holds a claimed batch, so that there is something in flight to lose.
    await waitFor(
      async () =>
        (
          await client.query(
            `SELECT 1 FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENDING' AND claimed_by LIKE $2 LIMIT 1`,
            [mailing.id, `${victim.pid}@%`],
          )
        ).rowCount,
      { timeoutMs: 30000, intervalMs: 5, what: 'the victim to hold a batch' },
    );
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.once('exit', resolve));
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENDING' AND claimed_by LIKE $2`,
      [mailing.id, `${victim.pid}@%`],
    );
    const inFlight: number = rows[0].n;
    const { rows: byWorker } = await client.query(
      `SELECT split_part(claimed_by, '@', 1)::int AS pid, count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENT' GROUP BY 1`,
      [mailing.id],
    );
    expect(byWorker.map((r) => r.pid).sort()).toEqual([victim.pid, survivor.pid].sort());
    await startWorkerProcess();

    await waitSent(mailing.id);
    const elapsed = (Date.now() - started) / 1000;
    const received = sink.messages.filter((m) => m.raw.includes(`X-Chorus-Mailing: ${mailing.id}`));
    const ids = new Map<string, Set<string>>();
    for (const m of received) {
      const to = m.envelopeTo[0];
      if (!ids.has(to)) ids.set(to, new Set());
      ids.get(to)!.add(messageId(m.raw)!);
    }
    expect(people.emails.filter((e) => !ids.has(e.toLowerCase()))).toEqual([]);
    const duplicates = received.length - ids.size;
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect([...ids.values()].filter((set) => set.size !== 1)).toEqual([]); // a duplicate carries the same Message-ID
    expect(await countOf(mailing.id, 'SENT')).toBe(RECIPIENTS);
    process.stdout.write(
      `crash test: ${RECIPIENTS} recipients in ${elapsed.toFixed(1)}s, ${inFlight} in flight at the kill, ${duplicates} duplicates\n`,
    );
  });

  it('a Redis FLUSHALL mid-mailing still ends with every recipient mailed exactly once', async () => {
    const count = Math.min(RECIPIENTS, 5000);
    const people = await seedPeople(client, organizationId, count, 'flush');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    const before = sink.messages.length;
    await send(mailing.id);
    await waitFor(async () => (await countOf(mailing.id, 'SENT')) >= count / 4, {
      timeoutMs: 60000,
      intervalMs: 20,
      what: 'a quarter sent',
    });
    await redis.flushAll();
    await waitSent(mailing.id);
    const received = sink.messages.slice(before).filter((m) => m.raw.includes(`X-Chorus-Mailing: ${mailing.id}`));
    expect(new Set(received.map((m) => m.envelopeTo[0])).size).toBe(count);
    expect(received).toHaveLength(count);
  });
});
