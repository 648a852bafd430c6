// A worker killed (SIGKILL) while it holds an embargo job: another worker publishes the release
// soon after, never before the embargo and never twice. Uses the built worker (npm run build).
import { spawnWorker, startApi, stopProcess, testEnv, RunningApi } from '../support/app';
import { createWorld, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { sleep, waitFor } from '../support/wait-for';
import { approvedRelease, createContacts, createList, schedule, statusOf } from './press-fixtures';

jest.setTimeout(60000);

describe('press: a worker dies holding the embargo job', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let world: World;
  let env: Record<string, string>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '1500', PRESS_RECONCILE_SECONDS: '1' });
    api = await startApi(env);
    world = await createWorld(api.url);
  });
  afterAll(async () => {
    await api?.close();
    await sink?.close();
  });

  it('is published by the next worker, once', async () => {
    const first = spawnWorker(env);
    let second: ReturnType<typeof spawnWorker> | undefined;
    try {
      await waitFor(() => first.output().includes('consuming queues'), { timeoutMs: 30000, what: 'the first worker' });
      const contacts = await createContacts(api.url, world.press.token, 2);
      const list = await createList(
        api.url,
        world.press.token,
        contacts.map((c) => c.id),
      );
      const id = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
      const embargo = new Date(Date.now() + 3000);
      await schedule(api.url, world.press.token, id, embargo);
      // The job wakes 1.5 s early and waits in-process: kill the worker inside that wait.
      await sleep(embargo.getTime() - Date.now() - 600);
      await stopProcess(first, 'SIGKILL');
      second = spawnWorker(env);
      const row = await waitFor(
        async () => {
          const pressRelease = await statusOf(api.url, world.press.token, id);
          return pressRelease.status === 'PUBLISHED' ? pressRelease : null;
        },
        { timeoutMs: 20000, intervalMs: 50, what: 'the release after the crash' },
      );
      const late = new Date(row.publishedAt).getTime() - embargo.getTime();
      expect(late).toBeGreaterThanOrEqual(0);
      // Bounded by the new worker's start-up (seconds on a loaded machine), then its reconciler
      // publishes the overdue release at once; without it the dead worker's lock would hold it back.
      expect(late).toBeLessThan(15000);
      await waitFor(() => contacts.every((c) => sink.to(c.email).length === 1), { what: 'one email each' });
      await sleep(6000); // the dead worker's job is handed over meanwhile: it must find nothing to do
      for (const c of contacts) expect(sink.to(c.email)).toHaveLength(1);
    } finally {
      await stopProcess(first, 'SIGKILL');
      if (second) await stopProcess(second);
    }
  });

  it('a delivery that lasts longer than the stale-claim time mails each contact once', async () => {
    // Scaled down: a claim is stale after 2 s (300 s in production), each email takes 200 ms, one
    // at a time, so mailing 20 contacts lasts twice the stale time while the reconciler runs every second.
    const slow = await startSmtpSink({ delayMs: 200 });
    const worker = spawnWorker({
      ...env,
      SMTP_URL: slow.url,
      PRESS_SEND_CONCURRENCY: '1',
      PRESS_STALE_CLAIM_SECONDS: '2',
    });
    try {
      await waitFor(() => worker.output().includes('consuming queues'), { timeoutMs: 30000, what: 'the worker' });
      const contacts = await createContacts(api.url, world.press.token, 20);
      const list = await createList(
        api.url,
        world.press.token,
        contacts.map((c) => c.id),
      );
      const id = await approvedRelease(api.url, world.press.token, world.admin, { pressListIds: [list] });
      await schedule(api.url, world.press.token, id, new Date(Date.now() + 2000));
      await waitFor(() => contacts.every((c) => slow.to(c.email).length > 0), {
        timeoutMs: 30000,
        what: 'an email to every contact',
      });
      await sleep(3000); // a resumed runner would still be mailing
      for (const c of contacts) expect(slow.to(c.email)).toHaveLength(1);
    } finally {
      await stopProcess(worker);
      await slow.close();
    }
  });
});
