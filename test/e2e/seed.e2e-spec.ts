// The demo data: a believable coalition, seeded twice without duplicates, with working demo users.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase } from '../../libs/core/src/database/ensure-database';
import { ROOT, startApi, testEnv, RunningApi } from '../support/app';
import { gqlOk, login } from '../support/gql';

const counts = `SELECT (SELECT count(*) FROM organizations)::int AS organizations, (SELECT count(*) FROM people)::int AS people,
  (SELECT count(*) FROM memberships)::int AS memberships, (SELECT count(*) FROM signatures)::int AS signatures,
  (SELECT count(*) FROM commitments)::int AS commitments, (SELECT count(*) FROM users)::int AS users,
  (SELECT count(*) FROM press_contacts)::int AS press_contacts, (SELECT count(*) FROM campaigns)::int AS campaigns,
  (SELECT count(*) FROM consent_events)::int AS consent_events`;

describe('demo seed', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_seed`;
  const databaseUrl = url.toString();
  let api: RunningApi | undefined;

  afterAll(async () => {
    await api?.close();
    await dropDatabase(databaseUrl);
  });

  // The seed's queue keys go under this run's prefix, which the run deletes at the end.
  const env = { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: testEnv().QUEUE_PREFIX };
  const seed = () =>
    spawnSync(process.execPath, [join(ROOT, 'dist/libs/seed/src/cli/seed.js')], {
      env,
      encoding: 'utf8',
      timeout: 120000,
    });

  it('builds the coalition once, and a second run changes nothing', async () => {
    const first = seed();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const after1 = (await db.query(counts)).rows[0];
    expect(seed().status).toBe(0);
    const after2 = (await db.query(counts)).rows[0];
    await db.end();
    expect(after2).toEqual(after1);
    expect(after1.organizations).toBeGreaterThanOrEqual(12);
    expect(after1.people).toBeGreaterThanOrEqual(2000);
    expect(after1.signatures).toBeGreaterThanOrEqual(750);
    expect(after1.commitments).toBeGreaterThan(0);
    expect(after1.press_contacts).toBeGreaterThan(0);
  });

  it('shows a consent log for everyone (the status is the latest event) and a merged person', async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const {
      rows: [log],
    } = await db.query(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.person_id = p.id))::int AS without_events,
              count(*) FILTER (WHERE p.email_status <> (SELECT e.status FROM consent_events e WHERE e.person_id = p.id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1))::int AS not_derived,
              count(*) FILTER (WHERE p.email_status = 'UNSUBSCRIBED')::int AS unsubscribed, count(*) FILTER (WHERE p.email_status = 'BOUNCING')::int AS bouncing
       FROM people p`,
    );
    await db.end();
    expect(log).toMatchObject({ without_events: 0, not_derived: 0 });
    expect(log.unsubscribed).toBeGreaterThan(10);
    expect(log.bouncing).toBeGreaterThan(10);
    api ??= await startApi(testEnv({ DATABASE_URL: databaseUrl }));
    const lead = await login(api.url, 'lead@chorus.localhost', 'chorus-demo-password');
    const found = await gqlOk(
      api.url,
      '{ people(filter: { search: "jordan.rivers" }) { edges { node { emailStatus memberships { id } consentEvents { status source } } } } }',
      {},
      lead,
    );
    const [jordan] = found.people.edges.map((e: any) => e.node);
    expect(jordan.emailStatus).toBe('UNSUBSCRIBED');
    expect(jordan.memberships).toHaveLength(2);
    expect(jordan.consentEvents.map((e: any) => e.source)).toEqual(['MERGE', 'ONE_CLICK', 'PUBLIC_SIGNUP', 'IMPORT']);
  });

  it('lets a documented demo user of each role sign in', async () => {
    api ??= await startApi(testEnv({ DATABASE_URL: databaseUrl }));
    for (const [email, role] of [
      ['press@chorus.localhost', 'PRESS_OFFICER'],
      ['staff.spu@chorus.localhost', 'ORG_STAFF'],
      ['lead@chorus.localhost', 'COALITION_ADMIN'],
    ]) {
      const token = await login(api.url, email, 'chorus-demo-password');
      expect((await gqlOk(api.url, '{ me { role } }', {}, token)).me.role).toBe(role);
    }
  });
});
