// Issue #11: client addresses come from X-Forwarded-For only behind configured proxies
// (TRUST_PROXY), rate-limited requests say RATE_LIMITED with Retry-After, and confirmation
// links are signed with a key derived from JWT_SECRET, not the secret itself.
import { createHmac } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { coreEnv } from '@chorus/core';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gqlOk } from '../support/gql';
import { createWorld, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const SIGN = 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }';
const LIMIT = 2;

describe('sec: proxies, rate limits and link keys', () => {
  let sink: SmtpSink;
  let direct: RunningApi;
  let proxied: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let slug: string;

  /** A public sign-up as sent through a proxy that says the client is `client`. */
  const sign = async (api: RunningApi, client: string, email = uniqueEmail('rl')) => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({
        query: SIGN,
        variables: { i: { slug, email, firstName: 'Ray', publicDisplay: false, consentText: 'I agree.' } },
      }),
    });
    return {
      response,
      body: (await response.json()) as {
        data?: { signCampaign: boolean } | null;
        errors?: { message: string; extensions: { code: string; retryAfter?: number } }[];
      },
    };
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    const common = { SMTP_URL: sink.url, PUBLIC_URL: 'http://chorus.test', SIGN_RATE_LIMIT: String(LIMIT) };
    // Each API has its own queue prefix, so its rate-limit counters are its own.
    direct = await startApi(testEnv(common));
    proxied = await startApi(testEnv({ ...common, TRUST_PROXY: 'loopback' }));
    worker = await startWorker(proxied.env); // sends the confirmation emails of sign-ups through the proxied API
    world = await createWorld(direct.url);
    slug = `rate-limits-${Date.now().toString(36)}`;
    const campaign = (
      await gqlOk(
        direct.url,
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        { i: { slug, title: 'Rate limits', statement: 'We sign.' } },
        world.admin,
      )
    ).createCampaign;
    await gqlOk(
      direct.url,
      'mutation($id: ID!) { activateCampaign(id: $id) { status } }',
      { id: campaign.id },
      world.admin,
    );
  });
  afterAll(async () => {
    await worker?.close();
    await direct?.close();
    await proxied?.close();
    await sink?.close();
  });

  it('without TRUST_PROXY, a client cannot pick a fresh bucket by sending X-Forwarded-For', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect((await sign(direct, `198.51.100.${i + 1}`)).body.data).toEqual({ signCampaign: true });
    const spoofed = await sign(direct, '198.51.100.99');
    expect(spoofed.body.errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('behind a trusted proxy, each client is its own bucket; the limited one gets RATE_LIMITED with Retry-After', async () => {
    for (const client of ['203.0.113.1', '203.0.113.2']) {
      for (let i = 0; i < LIMIT; i++) expect((await sign(proxied, client)).body.data).toEqual({ signCampaign: true });
    }
    const limited = await sign(proxied, '203.0.113.1');
    expect(limited.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Too many sign-ups/),
      extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
    });
    const retryAfter = Number(limited.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await sign(proxied, '203.0.113.3')).body.data).toEqual({ signCampaign: true });
  });

  it('answers RATE_LIMITED, not UNAUTHENTICATED, once sign-in attempts are used up', async () => {
    const email = uniqueEmail('nobody');
    const login = () =>
      fetch(`${direct.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { login(email: "${email}", password: "wrong-password") { accessToken } }`,
        }),
      });
    const codeOf = async (response: Response) =>
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;
    for (let i = 0; i < 5; i++) expect(await codeOf(await login())).toBe('UNAUTHENTICATED');
    const limited = await login();
    expect(await codeOf(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('confirmation links are signed with a derived key: a token made with JWT_SECRET itself is refused', async () => {
    const email = uniqueEmail('confirm');
    expect((await sign(proxied, '203.0.113.50', email)).body.data).toEqual({ signCampaign: true });
    const mail = await waitFor(() => sink.to(email)[0], { what: 'the confirmation email' });
    const token = /http:\/\/chorus\.test\/confirm\/([\w.-]+)/.exec(mail.parsed.text ?? '')![1];
    const signatureId = token.split('.')[0];
    const withJwtSecret = `${signatureId}.${createHmac('sha256', coreEnv.JWT_SECRET.default!).update(`signature-confirmation:${signatureId}`).digest('base64url')}`;
    expect(withJwtSecret).not.toBe(token);
    expect((await fetch(`${direct.url}/confirm/${withJwtSecret}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${direct.url}/confirm/${token}`, { method: 'POST' })).status).toBe(200);
  });
});
