// Issue #16: a person who opts out (one-click unsubscribe) after their batch was claimed gets
// nothing: the lane re-checks suppression before each message and records them SUPPRESSED.
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gqlOk, loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { database } from '../support/db';
import { waitFor } from '../support/wait-for';
import { createMailing, header, seedPeople, waitForMailing } from './mailings-helpers';

jest.setTimeout(120_000);

describe('mailings: late opt-outs within a claimed batch', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let client: Client;
  let admin: string;
  let organizationId: string;

  beforeAll(async () => {
    // A slow provider (60 ms a message, 2 connections): a batch of 100 takes ~3 s to go out.
    sink = await startSmtpSink({ delayMs: 60 });
    const env = testEnv({
      SMTP_URL: sink.url,
      MAIL_FROM: 'Chorus <news@chorus.test>',
      MAILING_BATCH_SIZE: '100',
      MAILING_LANES: '1',
      MAILING_SMTP_CONNECTIONS: '2',
    });
    api = await startApi(env);
    worker = await startWorker(env);
    client = await database();
    admin = await loginAdmin(api.url);
    organizationId = (await createOrganization(api.url, admin)).id;
  });
  afterAll(async () => {
    await client?.end();
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const send = (id: string) => gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id }, admin);
  const of = (mailingId: string) => sink.messages.filter((m) => header(m.raw, 'X-Chorus-Mailing') === mailingId);

  it('people who unsubscribe after their batch was claimed receive nothing and their deliveries are SUPPRESSED', async () => {
    const people = await seedPeople(client, organizationId, 200, 'late');
    // A first mailing gives everyone the one-click link they would use.
    const first = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(first.id);
    await waitForMailing(api.url, admin, first.id, { timeoutMs: 60000, what: 'the first mailing' });
    const links = new Map(
      of(first.id).map((m) => [
        m.envelopeTo[0],
        /<[^>]*\/unsubscribe\/([^>]+)>/.exec(header(m.raw, 'List-Unsubscribe')!)![1],
      ]),
    );
    expect(links.size).toBe(200);

    const second = await createMailing(api.url, admin, { tags: [people.tag] });
    await send(second.id);
    // Its first batch is claimed and going out: take ten of the claimed rows not sent yet.
    const claimed = await waitFor(
      async () => {
        if (of(second.id).length < 5) return null;
        const { rows } = await client.query(
          `SELECT pe.email FROM mailing_deliveries d JOIN people pe ON pe.id = d.person_id
         WHERE d.mailing_id = $1 AND d.status = 'SENDING' ORDER BY d.id DESC LIMIT 10`,
          [second.id],
        );
        return rows.length === 10 ? rows.map((r) => r.email.toLowerCase() as string) : null;
      },
      { what: 'a claimed batch in flight' },
    );
    for (const email of claimed) {
      const res = await fetch(`${api.url}/unsubscribe/${links.get(email)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    // They were claimed before they opted out: the claim itself did not suppress them.
    const { rows: stillClaimed } = await client.query(
      `SELECT count(*)::int AS n FROM mailing_deliveries d JOIN people pe ON pe.id = d.person_id WHERE d.mailing_id = $1 AND lower(pe.email::text) = ANY($2) AND d.status = 'SENDING'`,
      [second.id, claimed],
    );
    expect(stillClaimed[0].n).toBeGreaterThan(0);

    const done = await waitForMailing(api.url, admin, second.id, { timeoutMs: 60000, what: 'the second mailing' });
    expect(done.stats).toMatchObject({ recipients: 200, sent: 190, suppressed: 10, failed: 0, queued: 0 });
    const mailed = of(second.id).map((m) => m.envelopeTo[0]);
    expect(mailed.filter((to) => claimed.includes(to))).toEqual([]);
    expect(new Set(mailed).size).toBe(190);
    const { rows } = await client.query(
      `SELECT d.status, d.attempts FROM mailing_deliveries d JOIN people pe ON pe.id = d.person_id WHERE d.mailing_id = $1 AND lower(pe.email::text) = ANY($2)`,
      [second.id, claimed],
    );
    expect(rows.map((r) => r.status)).toEqual(Array(10).fill('SUPPRESSED'));
  });
});
