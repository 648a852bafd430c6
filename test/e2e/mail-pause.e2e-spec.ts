// Issue #16: pause and cancel take effect within the in-flight batch. Default send settings
// (batches of 250, 6 lanes, 8 SMTP connections), one worker: once pauseMailing or cancelMailing
// has answered, only the messages already handed to SMTP (≤ MAILING_SMTP_CONNECTIONS) arrive;
// after a cancel the recipients not reached are CANCELLED (not failures).
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, loginAdmin } from '../support/gql';
import { createOrganization } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { database } from '../support/db';
import { sleep, waitFor } from '../support/wait-for';
import { createMailing, mailingOf, seedPeople, SeededPeople, waitForMailing } from './mailings-helpers';

jest.setTimeout(180_000);

const CONNECTIONS = 8; // MAILING_SMTP_CONNECTIONS default

describe('mailings: pause and cancel stop the batches in flight', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let client: Client;
  let admin: string;
  let organizationId: string;

  beforeAll(async () => {
    sink = await startSmtpSink({ parse: false });
    const env = testEnv({ SMTP_URL: sink.url, MAIL_FROM: 'Chorus <news@chorus.test>' });
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

  const mutate = (name: string, id: string) =>
    gqlOk(api.url, `mutation($id: ID!) { ${name}(id: $id) { status } }`, { id }, admin).then((d) => d[name].status);
  /** Messages the sink received for these people, per address. */
  const received = (people: SeededPeople) => {
    const wanted = new Set(people.emails.map((e) => e.toLowerCase()));
    const counts = new Map<string, number>();
    for (const m of sink.messages)
      for (const to of m.envelopeTo) if (wanted.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
    return counts;
  };
  const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const inFlight = async (id: string) =>
    (
      await client.query(
        `SELECT count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENDING'`,
        [id],
      )
    ).rows[0].n;

  it('pause: at most one message per connection arrives after pauseMailing answers; the claimed rest is released; resume sends everyone exactly once', async () => {
    const people = await seedPeople(client, organizationId, 3000, 'pause16');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await mutate('sendMailing', mailing.id);
    await waitFor(() => total(received(people)) >= 300, { timeoutMs: 60000, what: '300 messages out' });
    expect(await mutate('pauseMailing', mailing.id)).toBe('PAUSED');
    const atAnswer = total(received(people));
    // The lanes release what they claimed and did not send (no row stays leased until its lease runs out).
    await waitFor(async () => (await inFlight(mailing.id)) === 0, {
      timeoutMs: 5000,
      what: 'the claimed batches to be released',
    });
    await sleep(1500);
    const afterPause = received(people);
    expect(total(afterPause) - atAnswer).toBeLessThanOrEqual(CONNECTIONS);
    const paused = await mailingOf(api.url, admin, mailing.id);
    expect(paused.status).toBe('PAUSED');
    expect(paused.stats).toMatchObject({
      recipients: 3000,
      sent: total(afterPause),
      queued: 3000 - total(afterPause),
      failed: 0,
    });
    // Released rows did not spend an attempt.
    const { rows } = await client.query(
      `SELECT max(attempts)::int AS most FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'QUEUED'`,
      [mailing.id],
    );
    expect(rows[0].most).toBe(0);

    expect(await mutate('resumeMailing', mailing.id)).toBe('SENDING');
    const done = await waitForMailing(api.url, admin, mailing.id, {
      timeoutMs: 90000,
      what: 'the resumed mailing to finish',
    });
    expect(done.stats).toMatchObject({ recipients: 3000, sent: 3000, queued: 0, failed: 0 });
    const final = received(people);
    expect(final.size).toBe(3000); // nobody skipped
    expect([...final.values()].filter((n) => n > 1)).toEqual([]); // nobody twice
  });

  it('cancel: at most one message per connection arrives after cancelMailing answers; nothing stays queued; the rest is CANCELLED, not FAILED', async () => {
    const people = await seedPeople(client, organizationId, 3000, 'cancel16');
    const mailing = await createMailing(api.url, admin, { tags: [people.tag] });
    await mutate('sendMailing', mailing.id);
    await waitFor(() => total(received(people)) >= 300, { timeoutMs: 60000, what: '300 messages out' });
    expect(await mutate('cancelMailing', mailing.id)).toBe('CANCELLED');
    const atAnswer = total(received(people));
    await waitFor(async () => (await inFlight(mailing.id)) === 0, {
      timeoutMs: 5000,
      what: 'the claimed batches to be released',
    });
    await sleep(1500);
    const after = received(people);
    expect(total(after) - atAnswer).toBeLessThanOrEqual(CONNECTIONS);
    expect([...after.values()].filter((n) => n > 1)).toEqual([]);
    const final = (
      await gqlOk(
        api.url,
        'query($id: ID!) { mailing(id: $id) { status stats { recipients queued sent failed cancelled } } }',
        { id: mailing.id },
        admin,
      )
    ).mailing;
    expect(final.status).toBe('CANCELLED');
    // Recipients the cancel stopped did not fail: CANCELLED, counted apart.
    expect(final.stats).toEqual({
      recipients: 3000,
      sent: total(after),
      failed: 0,
      cancelled: 3000 - total(after),
      queued: 0,
    });
    const { rows } = await client.query(
      `SELECT status, count(*)::int AS n, max(attempts)::int AS attempts FROM mailing_deliveries WHERE mailing_id = $1 GROUP BY status ORDER BY status`,
      [mailing.id],
    );
    expect(rows).toEqual([
      { status: 'CANCELLED', n: 3000 - total(after), attempts: 0 },
      { status: 'SENT', n: total(after), attempts: 1 },
    ]);
    expect(
      (await gql(api.url, 'mutation($id: ID!) { resumeMailing(id: $id) { status } }', { id: mailing.id }, admin))
        .errors?.[0].extensions.code,
    ).toBe('CONFLICT');
  });
});
