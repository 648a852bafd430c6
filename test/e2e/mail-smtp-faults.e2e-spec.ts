// Issue #11 (SMTP faults): a relay outage during a mailing fails nobody (the lanes hold and
// resume), a storm of policy 5xx at RCPT pauses the mailing instead of bouncing everyone, and
// a worker stopped with SIGTERM releases the unsent rest of its batches at once.
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { spawnWorker, startApi, startWorker, stopProcess, testEnv, RunningApi } from '../support/app';
import { gqlOk, loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';
import { startScriptedSmtp, ScriptedSmtp, SmtpScript } from '../support/scripted-smtp';
import { database } from '../support/db';
import { sleep, waitFor } from '../support/wait-for';
import { createMailing, mailingOf, seedPeople, waitForMailing } from './mailings-helpers';

jest.setTimeout(120_000);

describe('mailings through SMTP faults', () => {
  let client: Client;
  let running:
    | {
        server: ScriptedSmtp;
        api: RunningApi;
        worker?: INestApplicationContext;
        env: Record<string, string>;
        admin: string;
        organizationId: string;
      }
    | undefined;

  const start = async (script: SmtpScript, overrides: Record<string, string>, inProcessWorker = true) => {
    const server = await startScriptedSmtp(script);
    const env = testEnv({
      SMTP_URL: server.url,
      MAIL_FROM: 'Chorus <news@chorus.test>',
      MAILING_RECONCILE_SECONDS: '1',
      ...overrides,
    });
    const api = await startApi(env);
    const worker = inProcessWorker ? await startWorker(env) : undefined;
    const admin = await loginAdmin(api.url);
    running = { server, api, worker, env, admin, organizationId: (await createOrganization(api.url, admin)).id };
    return running;
  };
  const mutate = (name: string, id: string) =>
    gqlOk(running!.api.url, `mutation($id: ID!) { ${name}(id: $id) { status } }`, { id }, running!.admin);
  const deliveries = async (id: string) =>
    (
      await client.query(
        `SELECT status, count(*)::int AS n, max(attempts)::int AS attempts FROM mailing_deliveries WHERE mailing_id = $1 GROUP BY status`,
        [id],
      )
    ).rows;

  beforeAll(async () => {
    client = await database();
  });
  afterEach(async () => {
    await running?.worker?.close();
    await running?.api.close();
    await running?.server.close();
    running = undefined;
  });
  afterAll(async () => {
    await client?.end();
  });

  it('a relay outage fails nobody: the lanes hold while connections fail, then the mailing resumes and ends with everyone mailed once', async () => {
    // Two attempts and 100 ms retries: without the breaker, the outage would FAIL everyone within a second.
    const script: SmtpScript = { dataDelayMs: 20 };
    const { api, admin, organizationId, server } = await start(script, {
      MAILING_MAX_ATTEMPTS: '2',
      MAILING_RETRY_BASE_MS: '100',
      MAILING_BATCH_SIZE: '10',
      MAILING_LANES: '2',
      MAILING_SMTP_CONNECTIONS: '2',
      MAILING_SMTP_BACKOFF_MS: '100',
      MAILING_SMTP_BACKOFF_MAX_MS: '500',
      MAILING_LEASE_SECONDS: '3',
    });
    const people = await seedPeople(client, organizationId, 80, 'outage');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await mutate('sendMailing', mailing.id);
    await waitFor(() => server.accepted.length >= 15, { what: 'the mailing under way' });
    script.down = true;
    server.disconnectAll();
    const acceptedAtOutage = server.accepted.length;
    await sleep(8000); // longer than two leases: the held batches keep theirs
    const during = await mailingOf(api.url, admin, mailing.id);
    expect(during.status).toBe('SENDING');
    expect(during.stats.failed).toBe(0);
    expect(server.accepted.length).toBe(acceptedAtOutage);
    script.down = false;
    const done = await waitForMailing(api.url, admin, mailing.id, {
      timeoutMs: 30000,
      what: 'the mailing to finish after the outage',
    });
    expect(done.stats).toMatchObject({ recipients: 80, sent: 80, failed: 0, bounced: 0 });
    expect(server.accepted.slice().sort()).toEqual(people.emails.map((e) => e.toLowerCase()).sort());
  });

  it('a storm of policy 5xx at RCPT pauses the mailing with a reason and bounces only real 5.1.1 mailboxes; resume sends the rest', async () => {
    const script: SmtpScript = {
      rcpt: (a) =>
        a.startsWith('gone') ? '550 5.1.1 no such user' : '550 5.7.1 relay access denied: client host blocked',
    };
    const { api, admin, organizationId, server } = await start(script, {
      MAILING_BATCH_SIZE: '20',
      MAILING_LANES: '1',
      MAILING_SMTP_CONNECTIONS: '1',
    });
    const gone = await seedPeople(client, organizationId, 2, 'gone');
    const fine = await seedPeople(client, organizationId, 38, 'blocked');
    await client.query(`UPDATE people SET tags = ARRAY[$1] WHERE id = ANY($2::uuid[])`, [gone.tag, fine.ids]);
    const mailing = await createMailing(api.url, admin, { tags: [gone.tag] });
    await mutate('sendMailing', mailing.id);
    const paused = await waitFor(
      async () => {
        const m = (
          await gqlOk(
            api.url,
            'query($id: ID!) { mailing(id: $id) { status pausedReason stats { sent bounced queued failed } } }',
            { id: mailing.id },
            admin,
          )
        ).mailing;
        return m.status === 'PAUSED' ? m : null;
      },
      { what: 'the mailing to pause itself' },
    );
    expect(paused.pausedReason).toMatch(/550 5\.7\.1 relay access denied/);
    expect(paused.stats).toMatchObject({ sent: 0, bounced: 2, failed: 0, queued: 38 });
    const statuses = async (ids: string[]) =>
      (await client.query(`SELECT email_status FROM people WHERE id = ANY($1::uuid[])`, [ids])).rows.map(
        (r) => r.email_status,
      );
    expect(await statuses(gone.ids)).toEqual(['BOUNCING', 'BOUNCING']);
    expect(new Set(await statuses(fine.ids))).toEqual(new Set(['SUBSCRIBED']));
    expect((await deliveries(mailing.id)).find((r) => r.status === 'QUEUED')).toMatchObject({ n: 38, attempts: 0 });
    const { rows: audit } = await client.query(
      `SELECT changes FROM audit_events WHERE entity = 'mailings' AND entity_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [mailing.id],
    );
    expect(JSON.stringify(audit[0]?.changes)).toMatch(/PAUSED/);

    // The relay lifts its block; the user resumes.
    script.rcpt = undefined;
    const resumed = await gqlOk(
      api.url,
      'mutation($id: ID!) { resumeMailing(id: $id) { status pausedReason } }',
      { id: mailing.id },
      admin,
    );
    expect(resumed.resumeMailing).toEqual({ status: 'SENDING', pausedReason: null });
    const done = await waitForMailing(api.url, admin, mailing.id, { timeoutMs: 30000, what: 'the resumed mailing' });
    expect(done.stats).toMatchObject({ recipients: 40, sent: 38, bounced: 2, failed: 0 });
    expect(server.accepted.slice().sort()).toEqual(fine.emails.map((e) => e.toLowerCase()).sort());
    // The trail has the worker's pause (with its reason), the user's resume and the worker's move to SENT, in that order.
    const { rows: trail } = await client.query(
      `SELECT changes FROM audit_events WHERE entity = 'mailings' AND entity_id = $1 ORDER BY id`,
      [mailing.id],
    );
    const moves = trail.map((e) => e.changes.after?.status).filter(Boolean);
    expect(moves.slice(-3)).toEqual(['PAUSED', 'SENDING', 'SENT']);
    expect(trail.find((e) => e.changes.after?.status === 'PAUSED').changes.after.pausedReason).toMatch(/550 5\.7\.1/);
  });

  it('SIGTERM: the worker stops between messages and releases the unsent rest of its batches; another worker sends them once', async () => {
    // 150 ms a message over one connection: a batch of 50 takes ~7.5 s.
    const { api, admin, organizationId, server, env } = await start(
      { dataDelayMs: 150 },
      { MAILING_BATCH_SIZE: '50', MAILING_LANES: '2', MAILING_SMTP_CONNECTIONS: '1' },
      false,
    );
    const people = await seedPeople(client, organizationId, 120, 'sigterm');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    const first = spawnWorker(env);
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, admin);
    await waitFor(() => server.accepted.length >= 5, { timeoutMs: 30000, what: 'the first worker sending' });
    const stoppedAt = Date.now();
    await stopProcess(first, 'SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const acceptedByFirst = server.accepted.length;
    const rows = await deliveries(mailing.id);
    expect(rows.find((r) => r.status === 'SENDING')).toBeUndefined(); // nothing left leased
    expect(rows.find((r) => r.status === 'QUEUED')).toMatchObject({ n: 120 - acceptedByFirst, attempts: 0 });
    const second = await startWorker(env);
    running!.worker = second;
    const done = await waitForMailing(api.url, admin, mailing.id, {
      timeoutMs: 60000,
      what: 'the second worker to finish',
    });
    expect(done.stats).toMatchObject({ recipients: 120, sent: 120, failed: 0 });
    expect(server.accepted.slice().sort()).toEqual(people.emails.map((e) => e.toLowerCase()).sort());
  });
});
