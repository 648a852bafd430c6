// Issue #11, Redis down: every GraphQL call and HTTP endpoint answers within 2 s (an error for
// those that need Redis), none hangs; transactional emails queued before a flush, or asked for
// while Redis was away, are still sent (PostgreSQL records them; reconcilers re-queue them).
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login, outcomeOf } from '../support/gql';
import { createUser, uniqueEmail } from '../support/fixtures';
import { startPrivateRedis } from '../support/private-redis';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const SIGN = 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }';
const RESET = 'mutation($e: String!) { requestPasswordReset(email: $e) }';

describe('authops: Redis down or flushed', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext | undefined;
  let admin: string;
  let slug: string;
  let env: Record<string, string>;

  const sign = (email: string) =>
    gql(api.url, SIGN, {
      i: {
        slug,
        email,
        firstName: 'Robin',
        publicDisplay: false,
        consentText: 'I agree to be contacted about this campaign.',
      },
    });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    sink = await startSmtpSink();
    env = testEnv({
      REDIS_URL: redis.url,
      SMTP_URL: sink.url,
      PUBLIC_URL: 'http://chorus.test',
      SIGN_CONFIRM_RECONCILE_SECONDS: '1',
      PASSWORD_RESET_RECONCILE_SECONDS: '1',
    });
    api = await startApi(env);
    admin = await login(api.url, 'admin@chorus.localhost', 'chorus-admin-password');
    slug = `redis-down-${Date.now().toString(36)}`;
    const campaign = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        { i: { slug, title: 'Redis Down Letter', statement: 'We demand licensing.' } },
        admin,
      )
    ).createCampaign;
    await gqlOk(api.url, 'mutation($id: ID!) { activateCampaign(id: $id) { id } }', { id: campaign.id }, admin);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await sink?.close();
  });

  it('a confirmation email and a reset email queued before a Redis flush are still sent', async () => {
    const signer = uniqueEmail('flushed-signer');
    expect((await sign(signer)).data).toEqual({ signCampaign: true });
    const user = await createUser(api.url, admin, 'PRESS_OFFICER');
    expect((await gql(api.url, RESET, { e: user.email })).data).toEqual({ requestPasswordReset: true });
    await redis.flushAll(); // no worker took the jobs yet: they are gone from Redis

    worker = await startWorker(env);
    await waitFor(() => sink.to(signer)[0], { what: 'the confirmation email after the flush', timeoutMs: 20000 });
    await waitFor(() => sink.to(user.email)[0], { what: 'the reset email after the flush', timeoutMs: 20000 });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // two more reconciler runs: nothing is sent twice
    expect(sink.to(signer)).toHaveLength(1);
    expect(sink.to(user.email)).toHaveLength(1);
    await worker.close();
    worker = undefined;
  });

  it('with Redis stopped, every endpoint answers within 2 s, and mail asked for meanwhile goes out once it is back', async () => {
    const press = await createUser(api.url, admin, 'PRESS_OFFICER');
    const mailing = (
      await gqlOk(
        api.url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        {
          i: {
            name: 'Redis down mailing',
            subject: 'Hi',
            bodyTemplate: 'Hello {{firstName}} {{unsubscribeUrl}}',
            audience: { tags: ['nobody-has-this-tag'] },
          },
        },
        admin,
      )
    ).createMailing;
    await redis.stop();

    const timed = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      const result = await call();
      const elapsed = Date.now() - started;
      if (elapsed >= 2000) throw new Error(`${what} took ${elapsed} ms with Redis down`);
      return result;
    };
    const get = (path: string) => timed(`GET ${path}`, () => fetch(`${api.url}${path}`).then((r) => r.status));

    expect(await get('/health')).toBe(200);
    expect(await get('/health/ready')).toBe(503);
    expect(await get('/health/worker')).toBe(503);
    expect(await get('/metrics')).toBe(200);

    const token = await timed('login', () => login(api.url, press.email, 'a-long-test-password'));
    expect(outcomeOf(await timed('me', () => gql(api.url, '{ me { id } }', {}, token)))).toBe('OK');
    expect(
      outcomeOf(
        await timed('createOrganization', () =>
          gql(
            api.url,
            'mutation { createOrganization(input: { name: "Redis Down Union", kind: UNION }) { id } }',
            {},
            admin,
          ),
        ),
      ),
    ).toBe('OK');
    const signer = uniqueEmail('redis-down-signer');
    expect((await timed('signCampaign', () => sign(signer))).data).toEqual({ signCampaign: true });
    expect((await timed('requestPasswordReset', () => gql(api.url, RESET, { e: press.email }))).data).toEqual({
      requestPasswordReset: true,
    });
    // Needs the queue: a clear error, quickly.
    const send = await timed('sendMailing', () =>
      gql(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id status } }', { id: mailing.id }, admin),
    );
    expect(['OK', 'SERVICE_UNAVAILABLE']).toContain(outcomeOf(send));
    const upload = await timed('POST /imports/people', () =>
      fetch(`${api.url}/imports/people?lawfulBasis=CONSENT`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` },
        body: 'email,first_name\nredis.down@example.test,Ren\n',
      }).then((r) => r.status),
    );
    expect(upload).toBeLessThan(600);

    // Redis is back (same port): the clients reconnect, and the worker's reconcilers send what PostgreSQL says is due.
    redis = await startPrivateRedis(redis.port);
    worker = await startWorker(env);
    await waitFor(() => sink.to(signer)[0], {
      what: 'the confirmation asked for while Redis was down',
      timeoutMs: 20000,
    });
    await waitFor(() => sink.to(press.email)[0], {
      what: 'the reset asked for while Redis was down',
      timeoutMs: 20000,
    });
  });
});
