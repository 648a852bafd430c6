import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { Client } from 'pg';
import { ADMIN, ROOT, spawnWorker, startApi, stopProcess, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login, loginAdmin } from '../support/gql';
import { createWorld, unique, uniqueEmail, World } from '../support/fixtures';
import { startPrivateRedis } from '../support/private-redis';
import { waitFor } from '../support/wait-for';

describe('foundation', () => {
  let api: RunningApi;
  let world: World;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
  });
  afterAll(() => api.close());

  describe('sign-in', () => {
    it('logs in with the first admin from the environment and answers me', async () => {
      const token = await loginAdmin(api.url);
      const { me } = await gqlOk(api.url, '{ me { email role organization { id } calendarFeedUrl } }', {}, token);
      expect(me).toMatchObject({ email: ADMIN.email, role: 'COALITION_ADMIN', organization: null });
      expect(me.calendarFeedUrl).toMatch(/^http:\/\/127\.0\.0\.1:1\/calendar\/[\w-]{20,}\.ics$/);
    });

    it('gives the same answer for an unknown email and a wrong password', async () => {
      const unknown = await gql(
        api.url,
        'mutation { login(email: "nobody@example.test", password: "whatever-password") { accessToken } }',
      );
      const wrong = await gql(
        api.url,
        `mutation { login(email: "${ADMIN.email}", password: "not-the-password") { accessToken } }`,
      );
      expect(unknown.errors?.[0]).toMatchObject({
        message: 'Invalid email or password',
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(wrong.errors?.[0]).toMatchObject({
        message: 'Invalid email or password',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });

    it('blocks an email after repeated failures from one address, even with the right password', async () => {
      const admin = await loginAdmin(api.url);
      const email = uniqueEmail('target');
      await gqlOk(
        api.url,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { email, name: 'Target', password: 'the-right-password', role: 'PRESS_OFFICER' } },
        admin,
      );
      for (let i = 0; i < 5; i++)
        await gql(api.url, `mutation { login(email: "${email}", password: "wrong-password-${i}") { accessToken } }`);
      const blocked = await gql(
        api.url,
        `mutation { login(email: "${email}", password: "the-right-password") { accessToken } }`,
      );
      expect(blocked.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(blocked.errors?.[0].message).toMatch(/Too many failed sign-in attempts/);
    });

    it('checks at most 5 passwords of concurrent attempts for one email; the rest get the throttle error', async () => {
      const admin = await loginAdmin(api.url);
      const email = uniqueEmail('concurrent');
      await gqlOk(
        api.url,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { email, name: 'Target', password: 'the-right-password', role: 'PRESS_OFFICER' } },
        admin,
      );
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          gql(api.url, `mutation { login(email: "${email}", password: "wrong-password-${i}") { accessToken } }`),
        ),
      );
      const messages = attempts.map((a) => a.errors?.[0].message ?? 'OK');
      expect(messages.filter((m) => m === 'Invalid email or password')).toHaveLength(5);
      expect(messages.filter((m) => /Too many failed sign-in attempts/.test(m))).toHaveLength(15);
      const blocked = await gql(
        api.url,
        `mutation { login(email: "${email}", password: "the-right-password") { accessToken } }`,
      );
      expect(blocked.errors?.[0].message).toMatch(/Too many failed sign-in attempts/);
    });

    it('a successful sign-in clears the failures before it', async () => {
      const admin = await loginAdmin(api.url);
      const email = uniqueEmail('recovers');
      await gqlOk(
        api.url,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { email, name: 'Target', password: 'the-right-password', role: 'PRESS_OFFICER' } },
        admin,
      );
      for (let i = 0; i < 4; i++)
        await gql(api.url, `mutation { login(email: "${email}", password: "wrong-password-${i}") { accessToken } }`);
      await login(api.url, email, 'the-right-password');
      for (let i = 0; i < 4; i++)
        await gql(api.url, `mutation { login(email: "${email}", password: "wrong-password-${i}") { accessToken } }`);
      await login(api.url, email, 'the-right-password');
    });

    it('rejects a forged token and answers UNAUTHENTICATED without one', async () => {
      expect((await gql(api.url, '{ me { id } }')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      const forged = world.admin.slice(0, -4) + 'abcd';
      expect((await gql(api.url, '{ me { id } }', {}, forged)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('a created user can log in with the role and organization given', async () => {
      const email = uniqueEmail('staff');
      await gqlOk(
        api.url,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        {
          i: { email, name: 'Staffer', password: 'staffer-password', role: 'ORG_STAFF', organizationId: world.orgA.id },
        },
        world.admin,
      );
      const token = await login(api.url, email, 'staffer-password');
      const { me } = await gqlOk(api.url, '{ me { role organization { id name } } }', {}, token);
      expect(me).toEqual({ role: 'ORG_STAFF', organization: { id: world.orgA.id, name: world.orgA.name } });
    });

    it('rotating the calendar token changes the feed URL', async () => {
      const before = (await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, world.press.token)).me.calendarFeedUrl;
      await gqlOk(api.url, 'mutation { rotateCalendarToken { id } }', {}, world.press.token);
      const after = (await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, world.press.token)).me.calendarFeedUrl;
      expect(after).not.toEqual(before);
    });
  });

  describe('errors', () => {
    it('names each bad field of an input and changes nothing', async () => {
      const email = 'not-an-email';
      const result = await gql(
        api.url,
        'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { email, name: '', password: 'short', role: 'ORG_STAFF' } },
        world.admin,
      );
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(result.errors?.[0].extensions.fields ?? {}).sort()).toEqual(['email', 'name', 'password']);
    });

    it('names the field of an unknown enum value', async () => {
      const result = await gql(
        api.url,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { name: unique('Org'), kind: 'CARTEL' } },
        world.admin,
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { kind: expect.stringContaining('CARTEL') },
      });
    });

    it.each([
      ['a string for an Int argument', '{ organizations(first: "ten") { totalCount } }', 'first'],
      [
        'an unknown enum value in an input',
        'mutation { createOrganization(input: { name: "Inline", kind: CARTEL }) { id } }',
        'kind',
      ],
      [
        'a missing required input field',
        'mutation { createPerson(input: { email: "inline@example.test" }) { id } }',
        'firstName',
      ],
    ])('names the argument or field of %s written inline', async (_what, query, field) => {
      const result = await gql(api.url, query, {}, world.admin);
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(result.errors?.[0].extensions.fields ?? {})).toEqual([field]);
    });

    it('answers CONFLICT naming the field for a duplicate organization name, case-insensitively', async () => {
      const result = await gql(
        api.url,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { name: world.orgA.name.toUpperCase(), kind: 'UNION' } },
        world.admin,
      );
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: { name: expect.any(String) } });
    });

    it('answers a 10,000-character name with BAD_USER_INPUT', async () => {
      const result = await gql(
        api.url,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { name: 'x'.repeat(10000), kind: 'UNION' } },
        world.admin,
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { name: expect.any(String) },
      });
    });

    it('answers a malformed query with BAD_USER_INPUT and no stack trace', async () => {
      const result = await gql(api.url, '{ me { id ', {}, world.admin);
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(result)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    });
  });

  describe('organizations listing', () => {
    const LIST =
      'query($s: String, $first: Int, $after: String) { organizations(search: $s, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }';

    it('pages through every organization exactly once, whatever letters their names use', async () => {
      const marker = unique('Paging').replace(' ', '');
      // JavaScript lower-cases 'İ' to 'i̇' and a final 'Σ' to 'ς', PostgreSQL to 'i' and 'σ': a cursor
      // built in JavaScript skipped 'Izmir' after 'İnce' and repeated 'ΟΔΟΣ'. One per page puts a cursor on each.
      const names = [
        'İnce',
        'Izmir',
        'ıssız',
        'Østergaard',
        'Ångström',
        'Straße',
        'STRASSE',
        'Émile',
        'zeta',
        'Ärger',
        'ΟΔΟΣ',
        'Σ',
        'ßa',
      ];
      const created = [];
      for (const name of names)
        created.push(
          (
            await gqlOk(
              api.url,
              'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
              { i: { name: `${marker} ${name}`, kind: 'NGO' } },
              world.admin,
            )
          ).createOrganization.id,
        );
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < names.length + 2; page++) {
        const result = (await gqlOk(api.url, LIST, { s: marker, first: 1, after }, world.admin)).organizations;
        expect(result.totalCount).toBe(names.length);
        seen.push(...result.edges.map((e: any) => e.node.id));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect([...seen].sort()).toEqual([...created].sort());
      const none = (await gqlOk(api.url, LIST, { s: `${marker}-none` }, world.admin)).organizations;
      expect(none).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
    });

    it.each([
      ['values of the wrong type', [{ a: 1 }, ['x']]],
      ['an id that is not a uuid', ['name', 'not-a-uuid']],
      ['a number for the name', [1, '00000000-0000-0000-0000-000000000000']],
    ])('answers a tampered cursor (%s) with BAD_USER_INPUT on after', async (_what, values) => {
      const after = Buffer.from(JSON.stringify(values)).toString('base64url');
      const result = await gql(api.url, LIST, { after }, world.admin);
      expect(result.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { after: 'is not a cursor of this list' },
      });
    });
  });

  describe('audit trail', () => {
    it('records who created and who changed an organization, with before and after', async () => {
      const name = unique('Audited org');
      const { createOrganization } = await gqlOk(
        api.url,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { name, kind: 'NGO' } },
        world.admin,
      );
      await gqlOk(
        api.url,
        `mutation { updateOrganization(id: "${createOrganization.id}", input: { website: "https://audited.example.org" }) { id } }`,
        {},
        world.admin,
      );
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      const { rows } = await db.query(
        `SELECT e.action, e.changes, u.email FROM audit_events e JOIN users u ON u.id = e.actor_user_id WHERE e.entity = 'organizations' AND e.entity_id = $1 ORDER BY e.occurred_at`,
        [createOrganization.id],
      );
      await db.end();
      expect(rows.map((r) => [r.action, r.email])).toEqual([
        ['create', ADMIN.email],
        ['update', ADMIN.email],
      ]);
      expect(rows[0].changes.after).toMatchObject({ name, kind: 'NGO' });
      expect(rows[1].changes).toEqual({ before: { website: null }, after: { website: 'https://audited.example.org' } });
    });

    it('never copies password hashes into the trail', async () => {
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      const { rows } = await db.query(`SELECT changes FROM audit_events WHERE entity = 'users'`);
      await db.end();
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toMatch(/passwordHash|\$argon2/);
    });
  });

  describe('operations', () => {
    it('serves Prometheus metrics with HTTP, GraphQL and queue figures', async () => {
      await gql(api.url, 'query Probe { me { id } }', {}, world.admin);
      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(text).toMatch(
        /chorus_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/,
      );
      // Labelled by root field (bounded by the schema), not by the client's operation name.
      expect(text).toMatch(/chorus_graphql_operations_total\{type="query",name="me",outcome="ok"\} [1-9]/);
      expect(text).toMatch(/chorus_queue_jobs\{queue="system",state="waiting"\} \d+/);
    });

    it('a worker started alone answers a job enqueued by the API through Redis', async () => {
      const worker = spawnWorker(api.env);
      try {
        const answer = await waitFor(
          async () => {
            const response = await fetch(`${api.url}/health/worker`);
            return response.status === 200 ? ((await response.json()) as { answeredBy: string }) : null;
          },
          { timeoutMs: 30000, what: 'the worker to answer the ping job' },
        );
        expect(answer.answeredBy).toBe(`${worker.pid}@${hostname()}`);
        const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { workers: { id: string }[] };
        expect(ready.workers.map((w) => w.id)).toContain(answer.answeredBy);
      } finally {
        await stopProcess(worker);
      }
    });

    it('/health/ready turns unhealthy while Redis is down and healthy again when it is back, without a restart', async () => {
      const redis = await startPrivateRedis();
      const own = await startApi(testEnv({ REDIS_URL: redis.url }));
      try {
        const status = async () => (await fetch(`${own.url}/health/ready`)).status;
        expect(await waitFor(async () => (await status()) === 200, { what: 'ready' })).toBe(true);
        await redis.stop();
        const down = (await (await fetch(`${own.url}/health/ready`)).json()) as {
          checks: { redis: { status: string }; postgres: { status: string } };
        };
        expect(down.checks).toMatchObject({ redis: { status: 'down' }, postgres: { status: 'ok' } });
        expect(await status()).toBe(503);
        const again = await startPrivateRedis(redis.port);
        try {
          await waitFor(async () => (await status()) === 200, {
            timeoutMs: 15000,
            what: 'ready again after Redis came back',
          });
        } finally {
          await own.close();
          await again.stop();
        }
      } finally {
        await redis.stop();
      }
    });
  });

  describe('start-up configuration', () => {
    const run = (entry: string, env: Record<string, string>) =>
      // The run's queue prefix: an app that gets as far as Redis leaves its keys where the run deletes them.
      spawnSync(process.execPath, [join(ROOT, entry)], {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', QUEUE_PREFIX: testEnv().QUEUE_PREFIX, ...env },
        encoding: 'utf8',
        timeout: 30000,
      });

    it.each([
      ['apps/api', 'dist/apps/api/src/main.js'],
      ['apps/worker', 'dist/apps/worker/src/main.js'],
    ])('%s exits with one clear line for DATABASE_URL=nonsense', (_name, entry) => {
      const result = run(entry, { DATABASE_URL: 'nonsense' });
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^chorus: Invalid configuration: DATABASE_URL="nonsense" is invalid: expected a URL/);
      expect(result.stdout).toBe('');
    });

    it('names every bad variable at once', () => {
      const result = run('dist/apps/api/src/main.js', { PORT: 'eighty', REDIS_URL: 'http://x', JWT_SECRET: 'short' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /PORT="eighty" is invalid.*REDIS_URL="http:\/\/x" is invalid.*JWT_SECRET="short" is invalid/,
      );
    });

    it('says clearly when PostgreSQL cannot be reached', () => {
      const result = run('dist/apps/api/src/main.js', {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/chorus',
        LOG_LEVEL: 'silent',
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n').slice(-1)[0]).toMatch(/^chorus: cannot connect to 127\.0\.0\.1:1/);
    });
  });
});
