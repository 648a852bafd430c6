// Issue #11, safe defaults: a process not explicitly in development or test refuses the public
// default secrets, db:seed refuses production, and production hides introspection and probes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, startApi, testEnv, RunningApi } from '../support/app';
import { gql } from '../support/gql';

const SECRETS = {
  JWT_SECRET: 'a-production-secret-of-some-length',
  CHORUS_ADMIN_PASSWORD: 'a-production-admin-password',
};

describe('sec: start-up refuses the public defaults outside development', () => {
  // The run's database and queue prefix, nothing else from this process's environment (NODE_ENV unset).
  const run = (entry: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, entry)], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: process.env.DATABASE_URL!,
        REDIS_URL: process.env.REDIS_URL!,
        QUEUE_PREFIX: testEnv().QUEUE_PREFIX,
        LOG_LEVEL: 'silent',
        ...env,
      },
      encoding: 'utf8',
      timeout: 60000,
    });

  it.each([
    ['API', 'dist/apps/api/src/main.js'],
    ['worker', 'dist/apps/worker/src/main.js'],
  ])('the %s with NODE_ENV unset and the default JWT_SECRET and admin password exits naming both', (_name, entry) => {
    const result = run(entry, {});
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^chorus: Invalid configuration: JWT_SECRET is the public development default.*CHORUS_ADMIN_PASSWORD is the public development default/,
    );
  });

  it('NODE_ENV=production with only the admin password left at its default still refuses to start', () => {
    const result = run('dist/apps/api/src/main.js', { NODE_ENV: 'production', JWT_SECRET: SECRETS.JWT_SECRET });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CHORUS_ADMIN_PASSWORD is the public development default/);
    expect(result.stderr).not.toMatch(/JWT_SECRET/);
  });

  it.each([
    ['unset', {}],
    ['production', { NODE_ENV: 'production', ...SECRETS }],
  ])('db:seed refuses to run with NODE_ENV %s and writes nothing', async (_label, env) => {
    const result = run('dist/libs/seed/src/cli/seed.js', env as Record<string, string>);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/db:seed .* refuses to run in production/);
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM users WHERE email = 'lead@chorus.localhost'`)).rows[0].n,
      ).toBe(0);
    } finally {
      await db.end();
    }
  });
});

describe('sec: production mode', () => {
  let production: RunningApi;
  let introspective: RunningApi;
  const INTROSPECTION = '{ __schema { queryType { name } } }';

  beforeAll(async () => {
    production = await startApi(
      testEnv({ NODE_ENV: 'production', ...SECRETS, CHORUS_ADMIN_PASSWORD: SECRETS.CHORUS_ADMIN_PASSWORD }),
    );
    introspective = await startApi(
      testEnv({
        NODE_ENV: 'production',
        ...SECRETS,
        GRAPHQL_INTROSPECTION: 'true',
        METRICS_TOKEN: 'a-metrics-token-for-prometheus',
      }),
    );
  });
  afterAll(async () => {
    await production?.close();
    await introspective?.close();
  });

  it('refuses introspection with a 400 BAD_USER_INPUT, unless GRAPHQL_INTROSPECTION=true', async () => {
    const response = await fetch(`${production.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: INTROSPECTION }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await gql(introspective.url, INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('keeps /metrics and /health/worker closed without METRICS_TOKEN, and opens them to its bearer', async () => {
    for (const path of ['/metrics', '/health/worker'])
      expect((await fetch(`${production.url}${path}`)).status).toBe(401);
    expect((await fetch(`${production.url}/health`)).status).toBe(200);
    expect((await fetch(`${introspective.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${introspective.url}/metrics`, {
      headers: { authorization: 'Bearer a-metrics-token-for-prometheus' },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('chorus_http_request_duration_seconds');
  });

  it('/health/ready tells a load balancer the status only; workers and check errors need the metrics token', async () => {
    const ready = async (headers: Record<string, string> = {}) => {
      const response = await fetch(`${introspective.url}/health/ready`, { headers });
      expect(response.status).toBe(200);
      return response.json();
    };
    expect(await ready()).toEqual({ status: 'ok', checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });
    expect(await ready({ authorization: 'Bearer a-metrics-token-for-prometheus' })).toMatchObject({
      status: 'ok',
      workers: expect.any(Array),
    });
  });

  it('answers 429 to an address that keeps guessing the metrics token, even when it then has the right one', async () => {
    const scrape = (token: string) =>
      fetch(`${introspective.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let guess = 0; guess < 12; guess++) statuses.push((await scrape(`wrong-guess-number-${guess}`)).status);
    // ten wrong tokens per address and window (requests without a token are not guesses)
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThanOrEqual(9);
    expect(statuses.slice(0, firstRefusal).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(firstRefusal).every((status) => status === 429)).toBe(true);
    const blocked = await scrape('a-metrics-token-for-prometheus');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('signs in the first admin with the configured password, not the documented one', async () => {
    const login = (password: string) =>
      gql(
        production.url,
        'mutation($p: String!) { login(email: "admin@chorus.localhost", password: $p) { accessToken } }',
        { p: password },
      );
    expect((await login('chorus-admin-password')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await login(SECRETS.CHORUS_ADMIN_PASSWORD)).data?.login.accessToken).toEqual(expect.any(String));
  });
});
