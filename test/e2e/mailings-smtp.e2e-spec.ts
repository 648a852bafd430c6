// The send pipeline against SMTP servers that misbehave on purpose (test/support/scripted-smtp.ts):
// what is a bounce and what is not.
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gqlOk, loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';
import { startScriptedSmtp, ScriptedSmtp, SmtpScript } from '../support/scripted-smtp';
import { database } from '../support/db';
import { createMailing, seedPeople, waitForMailing } from './mailings-helpers';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

describe('mailings against misbehaving SMTP servers', () => {
  let client: Client;
  let running:
    | { server: ScriptedSmtp; api: RunningApi; worker: INestApplicationContext; admin: string; organizationId: string }
    | undefined;

  /** A scripted server, and an API and a worker of their own (own queue prefix) mailing to it. */
  const start = async (script: SmtpScript, overrides: Record<string, string> = {}, credentials = '') => {
    const server = await startScriptedSmtp(script);
    const env = testEnv({
      SMTP_URL: server.url.replace('smtp://', `smtp://${credentials}`),
      MAIL_FROM: 'Chorus <news@chorus.test>',
      MAILING_RECONCILE_SECONDS: '1',
      MAILING_MAX_ATTEMPTS: '2',
      MAILING_RETRY_BASE_MS: '100',
      ...overrides,
    });
    const api = await startApi(env);
    const worker = await startWorker(env);
    const admin = await loginAdmin(api.url);
    running = { server, api, worker, admin, organizationId: (await createOrganization(api.url, admin)).id };
    return running;
  };
  const send = async (id: string) =>
    gqlOk(running!.api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id }, running!.admin);

  beforeAll(async () => {
    client = await database();
  });
  afterEach(async () => {
    await running?.worker.close();
    await running?.api.close();
    await running?.server.close();
    running = undefined;
  });
  afterAll(async () => {
    await client?.end();
  });

  it.each([
    ['a wrong SMTP password (535 to AUTH)', { auth: '535 5.7.8 authentication failed' }, 'user:wrong@'],
    ['a refused sender (550 to MAIL FROM)', { mailFrom: '550 5.7.1 sender not allowed' }, ''],
    ['refused content (554 to DATA)', { data: '554 5.7.1 message refused' }, ''],
  ])('%s fails the deliveries after retries and bounces nobody', async (_what, script, credentials) => {
    const { api, admin, organizationId } = await start(script, {}, credentials);
    const people = await seedPeople(client, organizationId, 3, 'nobounce');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(mailing.id);
    const done = await waitForMailing(api.url, admin, mailing.id, { timeoutMs: 30000, what: 'the mailing to end' });
    expect(done.stats).toMatchObject({ recipients: 3, sent: 0, failed: 3, bounced: 0 });
    const { rows } = await client.query(`SELECT email_status FROM people WHERE id = ANY($1::uuid[])`, [people.ids]);
    expect(rows.map((r) => r.email_status)).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED']);
    const { rows: attempts } = await client.query(`SELECT attempts FROM mailing_deliveries WHERE mailing_id = $1`, [
      mailing.id,
    ]);
    expect(attempts.map((r) => r.attempts)).toEqual([2, 2, 2]);
  });

  it('a refused recipient is still a bounce, even when the server then hangs up instead of answering RSET', async () => {
    const { api, admin, organizationId, server } = await start(
      { rcpt: (a) => (a.startsWith('gone') ? '550 5.1.1 no such user' : undefined), rset: 'close' },
      { MAILING_SMTP_CONNECTIONS: '1' },
    );
    const gone = await seedPeople(client, organizationId, 2, 'gone');
    const fine = await seedPeople(client, organizationId, 3, 'fine');
    await client.query(`UPDATE people SET tags = ARRAY[$1] WHERE id = ANY($2::uuid[])`, [gone.tag, fine.ids]);
    const mailing = await createMailing(api.url, admin, { tags: [gone.tag] });
    await send(mailing.id);
    const done = await waitForMailing(api.url, admin, mailing.id, { timeoutMs: 15000, what: 'the mailing to end' });
    expect(done.stats).toMatchObject({ recipients: 5, sent: 3, bounced: 2, failed: 0 });
    expect(server.accepted.sort()).toEqual(fine.emails.map((e) => e.toLowerCase()).sort());
    const { rows } = await client.query(`SELECT email_status FROM people WHERE id = ANY($1::uuid[])`, [gone.ids]);
    expect(rows.map((r) => r.email_status)).toEqual(['BOUNCING', 'BOUNCING']);
  });

  it('a batch slower than the lease keeps its lease: idle lanes do not send it again', async () => {
    // Lease 2 s, each message takes 0.7 s over one connection shared by two busy lanes: a batch
    // of 3 takes ~4 s while the third lane is idle and would claim it again once its lease ran out.
    const { api, admin, organizationId, server } = await start(
      { dataDelayMs: 700 },
      { MAILING_LEASE_SECONDS: '2', MAILING_SMTP_CONNECTIONS: '1', MAILING_BATCH_SIZE: '3', MAILING_LANES: '3' },
    );
    const people = await seedPeople(client, organizationId, 6, 'slow');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(mailing.id);
    const done = await waitForMailing(api.url, admin, mailing.id, { timeoutMs: 30000, what: 'the mailing to end' });
    expect(done.stats).toMatchObject({ recipients: 6, sent: 6, queued: 0 });
    expect(server.accepted.sort()).toEqual(people.emails.map((e) => e.toLowerCase()).sort());
  });

  it('cancel: a batch in flight and rows leased by a dead worker end CANCELLED (not FAILED), none stays queued', async () => {
    // Every message is refused for now (451) after 1.5 s: the batch in flight at cancel time
    // would come back as a retry.
    const { api, admin, organizationId } = await start(
      { data: '451 4.3.0 try later', dataDelayMs: 1500 },
      { MAILING_SMTP_CONNECTIONS: '1', MAILING_BATCH_SIZE: '1', MAILING_LANES: '1', MAILING_MAX_ATTEMPTS: '5' },
    );
    const people = await seedPeople(client, organizationId, 3, 'cancelled');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(mailing.id);
    const statuses = async () =>
      (
        await client.query(
          `SELECT status, error, claimed_by FROM mailing_deliveries WHERE mailing_id = $1 ORDER BY id`,
          [mailing.id],
        )
      ).rows;
    await waitFor(async () => (await statuses())[0].status === 'SENDING', { what: 'the first delivery in flight' });
    // The last row as a dead worker would leave it: SENDING, its lease not yet run out.
    await client.query(
      `UPDATE mailing_deliveries SET status = 'SENDING', claimed_by = 'dead@nowhere', claimed_until = now() + interval '2 seconds'
       WHERE id = (SELECT max(id) FROM mailing_deliveries WHERE mailing_id = $1) AND status = 'QUEUED'`,
      [mailing.id],
    );
    await gqlOk(api.url, 'mutation($id: ID!) { cancelMailing(id: $id) { status } }', { id: mailing.id }, admin);
    const final = await waitFor(
      async () => {
        const rows = await statuses();
        return rows.every((r) => r.status === 'CANCELLED') ? rows : null;
      },
      { timeoutMs: 15000, what: 'every delivery of the cancelled mailing to end CANCELLED' },
    );
    // The row in flight keeps its 451 if it was tried (null if the cancel withdrew it first); the others were never tried.
    expect([final[0].error ?? '451 4.3.0 try later', final[1].error, final[2].error]).toEqual([
      expect.stringContaining('451 4.3.0 try later'),
      null,
      null,
    ]);
    expect(final[2].claimed_by).toBe('dead@nowhere');
  });

  it('with an hourly budget, lanes polling for retries do not spend it without sending', async () => {
    // 20 messages an hour, lanes asking for 10 at a time: 2 recipients × 3 attempts fit easily,
    // unless every idle poll during the retry backoff keeps the 10 tokens it took.
    const { api, admin, organizationId } = await start(
      { rcpt: () => '451 4.7.1 try later' },
      {
        MAILING_RATE_PER_HOUR: '20',
        MAILING_BATCH_SIZE: '10',
        MAILING_LANES: '3',
        MAILING_MAX_ATTEMPTS: '3',
        MAILING_RETRY_BASE_MS: '500',
      },
    );
    const people = await seedPeople(client, organizationId, 2, 'budget');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(mailing.id);
    const done = await waitForMailing(api.url, admin, mailing.id, {
      timeoutMs: 20000,
      what: 'the mailing to end within its hourly budget',
    });
    expect(done.stats).toMatchObject({ recipients: 2, failed: 2, queued: 0 });
  });
});
