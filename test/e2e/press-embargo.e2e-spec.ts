// Done when 1 and 2 of issue 4: an embargoed release is published and mailed exactly at lift time,
// once per eligible contact; the row in PostgreSQL wins over jobs in Redis, even a flushed Redis.
import type { INestApplicationContext } from '@nestjs/common';
import { PressPublisher } from '@chorus/press';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createWorld, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { startPrivateRedis } from '../support/private-redis';
import { sleep, waitFor } from '../support/wait-for';
import { approvedRelease, createContacts, createList, publicTitles, schedule, statusOf } from './press-fixtures';

/** The release's status row once it is PUBLISHED, else null (for waitFor). */
const publishedRow = async (url: string, token: string, id: string) => {
  const row = await statusOf(url, token, id);
  return row.status === 'PUBLISHED' ? row : null;
};

jest.setTimeout(60000);

describe('press: embargoed releases', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '1000' });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  it('publishes 3 s ahead exactly at the embargo and mails each eligible contact once', async () => {
    const eligible = await createContacts(api.url, world.press.token, 3);
    const [blocked] = await createContacts(api.url, world.press.token, 1, { doNotContact: true });
    // One contact on both lists: still one email.
    const listA = await createList(api.url, world.press.token, [eligible[0].id, eligible[1].id, blocked.id]);
    const listB = await createList(api.url, world.press.token, [eligible[1].id, eligible[2].id]);
    const id = await approvedRelease(api.url, world.press.token, world.admin, {
      pressListIds: [listA, listB],
      organizationIds: [world.orgA.id, world.orgB.id],
    });

    const embargo = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    const scheduled = await schedule(api.url, world.press.token, id, embargo);
    expect(scheduled).toMatchObject({ status: 'SCHEDULED', embargoUntil: embargo.toISOString(), publishedAt: null });
    expect(scheduled.organizations).toHaveLength(2);

    // Before the lift: invisible to the public and to union staff, nothing mailed.
    while (Date.now() < embargo.getTime() - 300) {
      expect(await publicTitles(api.url)).not.toContain(id);
      expect(
        (await gqlOk(api.url, `{ pressRelease(id: "${id}") { id } }`, {}, world.staffA.token)).pressRelease,
      ).toBeNull();
      expect(sink.messages.filter((m) => m.parsed.headers.get('x-chorus-press-release') === id)).toHaveLength(0);
      await sleep(200);
    }

    const published = await waitFor(async () => (await publicTitles(api.url)).includes(id), {
      timeoutMs: 4000,
      intervalMs: 20,
      what: 'the release to be public',
    });
    expect(published).toBe(true);
    await waitFor(() => eligible.every((c) => sink.to(c.email).length > 0), {
      timeoutMs: 2000,
      intervalMs: 20,
      what: 'an email per eligible contact',
    });
    const mails = sink.messages.filter((m) => m.parsed.headers.get('x-chorus-press-release') === id);
    const lastArrival = Math.max(...mails.map((m) => m.receivedAt));
    const firstArrival = Math.min(...mails.map((m) => m.receivedAt));
    expect(firstArrival).toBeGreaterThanOrEqual(embargo.getTime());
    expect(lastArrival - embargo.getTime()).toBeLessThan(2000);

    const row = await statusOf(api.url, world.press.token, id);
    expect(row.status).toBe('PUBLISHED');
    expect(new Date(row.publishedAt).getTime()).toBeGreaterThanOrEqual(embargo.getTime());
    expect(new Date(row.publishedAt).getTime() - embargo.getTime()).toBeLessThan(2000);

    await sleep(1000); // a late duplicate would show up here
    for (const contact of eligible) expect(sink.to(contact.email)).toHaveLength(1);
    expect(sink.to(blocked.email)).toHaveLength(0);
    expect(sink.to(eligible[0].email)[0].parsed.subject).toBe(scheduled.title);
    expect(
      (await gqlOk(api.url, `{ pressRelease(id: "${id}") { status } }`, {}, world.staffA.token)).pressRelease.status,
    ).toBe('PUBLISHED');
    // Issue 15: the worker's set-based publication is in the release's audit trail.
    const trail = await gqlOk(
      api.url,
      `{ auditEvents(entity: "press_releases", entityId: "${id}") { edges { node { action changes } } } }`,
      {},
      world.admin,
    );
    const lift = trail.auditEvents.edges
      .map((e: any) => JSON.parse(e.node.changes))
      .filter((c: any) => c.status?.after === 'PUBLISHED');
    expect(lift).toEqual([{ status: { before: 'SCHEDULED', after: 'PUBLISHED' }, recipients: 3 }]);
  });

  it('rescheduling to later and cancelling both beat the job already in Redis', async () => {
    const [contact] = await createContacts(api.url, world.press.token, 1);
    const list = await createList(api.url, world.press.token, [contact.id]);
    const moved = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
    const cancelled = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
    const first = new Date(Date.now() + 2000);
    await schedule(api.url, world.press.token, moved, first);
    await schedule(api.url, world.press.token, cancelled, first);
    const later = new Date(Date.now() + 5000);
    await schedule(api.url, world.press.token, moved, later);
    await gqlOk(
      api.url,
      'mutation($id: ID!) { cancelPressRelease(id: $id) { status } }',
      { id: cancelled },
      world.press.token,
    );

    await sleep(first.getTime() - Date.now() + 1000);
    expect((await statusOf(api.url, world.press.token, moved)).status).toBe('SCHEDULED');
    expect((await statusOf(api.url, world.press.token, cancelled)).status).toBe('CANCELLED');
    expect(sink.to(contact.email)).toHaveLength(0);

    const movedRow = await waitFor(() => publishedRow(api.url, world.press.token, moved), {
      timeoutMs: 6000,
      what: 'the moved release to publish',
    });
    const publishedAt = new Date(movedRow.publishedAt).getTime();
    expect(publishedAt).toBeGreaterThanOrEqual(later.getTime());
    await waitFor(() => sink.to(contact.email).length === 1, { what: 'the one email of the moved release' });
    await sleep(500);
    expect(sink.to(contact.email)).toHaveLength(1);
    expect(await publicTitles(api.url)).not.toContain(cancelled);
  });

  it('a job that fires for an edited (back in review) release does nothing', async () => {
    const [contact] = await createContacts(api.url, world.press.token, 1);
    const list = await createList(api.url, world.press.token, [contact.id]);
    const id = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
    await schedule(api.url, world.press.token, id, new Date(Date.now() + 1500));
    const edited = await gqlOk(
      api.url,
      'mutation($id: ID!) { updatePressRelease(id: $id, input: { body: "New text" }) { status embargoUntil } }',
      { id },
      world.press.token,
    );
    expect(edited.updatePressRelease.status).toBe('IN_REVIEW');
    await sleep(2500);
    expect((await statusOf(api.url, world.press.token, id)).status).toBe('IN_REVIEW');
    expect(sink.to(contact.email)).toHaveLength(0);
  });

  it('survives FLUSHALL of Redis: the restarted worker re-arms from PostgreSQL and publishes on time', async () => {
    const redis = await startPrivateRedis();
    const env = testEnv({ SMTP_URL: sink.url, REDIS_URL: redis.url, PRESS_EARLY_WAKE_MS: '1000' });
    const ownApi = await startApi(env);
    let ownWorker = await startWorker(env);
    try {
      const [contact] = await createContacts(ownApi.url, world.press.token, 1);
      const list = await createList(ownApi.url, world.press.token, [contact.id]);
      const onTime = await approvedRelease(ownApi.url, world.press.token, world.admin, { pressListIds: [list] });
      const missed = await approvedRelease(ownApi.url, world.press.token, world.admin, { pressListIds: [list] });
      const embargo = new Date(Date.now() + 5000);
      await schedule(ownApi.url, world.press.token, onTime, embargo);
      await schedule(ownApi.url, world.press.token, missed, new Date(Date.now() + 1500));

      await ownWorker.close();
      await redis.flushAll();
      await sleep(2000); // `missed` lifts while nothing runs and Redis holds nothing
      expect((await statusOf(ownApi.url, world.press.token, missed)).status).toBe('SCHEDULED');

      ownWorker = await startWorker(env);
      // Time passed while down: published at once on recovery.
      await waitFor(async () => (await statusOf(ownApi.url, world.press.token, missed)).status === 'PUBLISHED', {
        timeoutMs: 3000,
        what: 'the missed release on recovery',
      });
      expect((await statusOf(ownApi.url, world.press.token, onTime)).status).toBe('SCHEDULED');
      const row = await waitFor(() => publishedRow(ownApi.url, world.press.token, onTime), {
        timeoutMs: 6000,
        intervalMs: 20,
        what: 'the re-armed release',
      });
      const publishedAt = new Date(row.publishedAt).getTime();
      expect(publishedAt).toBeGreaterThanOrEqual(embargo.getTime());
      expect(publishedAt - embargo.getTime()).toBeLessThan(1000);
      await waitFor(() => sink.to(contact.email).length === 2, { what: 'one email per release' });
      await sleep(500);
      expect(sink.to(contact.email)).toHaveLength(2);
    } finally {
      await ownWorker.close();
      await ownApi.close();
      await redis.stop();
    }
  });

  it('survives FLUSHALL while the worker runs: the periodic reconciler re-arms it', async () => {
    const redis = await startPrivateRedis();
    const env = testEnv({
      SMTP_URL: sink.url,
      REDIS_URL: redis.url,
      PRESS_EARLY_WAKE_MS: '1000',
      PRESS_RECONCILE_SECONDS: '1',
    });
    const ownApi = await startApi(env);
    const ownWorker = await startWorker(env);
    try {
      const [contact] = await createContacts(ownApi.url, world.press.token, 1);
      const list = await createList(ownApi.url, world.press.token, [contact.id]);
      const id = await approvedRelease(ownApi.url, world.press.token, world.admin, { pressListIds: [list] });
      const embargo = new Date(Date.now() + 4000);
      await schedule(ownApi.url, world.press.token, id, embargo);
      await redis.flushAll();
      const row = await waitFor(() => publishedRow(ownApi.url, world.press.token, id), {
        timeoutMs: 8000,
        intervalMs: 20,
        what: 'the release after the flush',
      });
      const publishedAt = new Date(row.publishedAt).getTime();
      expect(publishedAt).toBeGreaterThanOrEqual(embargo.getTime());
      expect(publishedAt - embargo.getTime()).toBeLessThan(1000);
      await waitFor(() => sink.to(contact.email).length === 1, { what: 'the email' });
    } finally {
      await ownWorker.close();
      await ownApi.close();
      await redis.stop();
    }
  });

  it('scheduling while Redis is down still commits, and the release is published on time once it is back', async () => {
    const redis = await startPrivateRedis();
    const env = testEnv({
      SMTP_URL: sink.url,
      REDIS_URL: redis.url,
      PRESS_EARLY_WAKE_MS: '1000',
      PRESS_RECONCILE_SECONDS: '1',
    });
    const ownApi = await startApi(env);
    const ownWorker = await startWorker(env);
    let again: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    // BullMQ prints every refused reconnection; expected here.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const [contact] = await createContacts(ownApi.url, world.press.token, 1);
      const list = await createList(ownApi.url, world.press.token, [contact.id]);
      const id = await approvedRelease(ownApi.url, world.press.token, world.admin, { pressListIds: [list] });
      await redis.stop();
      const embargo = new Date(Date.now() + 7000);
      const started = Date.now();
      expect((await schedule(ownApi.url, world.press.token, id, embargo)).status).toBe('SCHEDULED');
      expect(Date.now() - started).toBeLessThan(4000);
      again = await startPrivateRedis(redis.port);
      const row = await waitFor(() => publishedRow(ownApi.url, world.press.token, id), {
        timeoutMs: 12000,
        intervalMs: 20,
        what: 'the release once Redis is back',
      });
      const publishedAt = new Date(row.publishedAt).getTime();
      expect(publishedAt).toBeGreaterThanOrEqual(embargo.getTime());
      expect(publishedAt - embargo.getTime()).toBeLessThan(1000);
      await waitFor(() => sink.to(contact.email).length === 1, { what: 'the email' });
    } finally {
      await ownWorker.close();
      await ownApi.close();
      await again?.stop();
      await redis.stop();
      quiet.mockRestore();
    }
  });

  it('duplicated and retried jobs never mail a contact twice', async () => {
    const contacts = await createContacts(api.url, world.press.token, 2);
    const list = await createList(
      api.url,
      world.press.token,
      contacts.map((c) => c.id),
    );
    const id = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
    const embargo = new Date(Date.now() + 1500);
    await schedule(api.url, world.press.token, id, embargo);
    const publisher = worker.get(PressPublisher);
    // Two extra runners race the queued job for the same lift; a third comes after it.
    const outcomes = await Promise.all([publisher.run(id, embargo.getTime()), publisher.run(id, embargo.getTime())]);
    expect(outcomes.filter((o) => o === 'published').length).toBeLessThanOrEqual(1);
    await waitFor(() => contacts.every((c) => sink.to(c.email).length === 1), { what: 'one email each' });
    expect(await publisher.run(id, embargo.getTime())).toBe('skipped');
    expect(await publisher.run(id, embargo.getTime() + 1)).toBe('skipped');
    await sleep(500);
    for (const c of contacts) expect(sink.to(c.email)).toHaveLength(1);
  });

  it('refuses an embargo in the past', async () => {
    const id = await approvedRelease(api.url, world.press.token, world.admin);
    const result = await gql(
      api.url,
      'mutation($id: ID!, $at: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $at) { id } }',
      { id, at: new Date(Date.now() - 1000).toISOString() },
      world.press.token,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { embargoUntil: 'must be in the future' },
    });
  });
});
