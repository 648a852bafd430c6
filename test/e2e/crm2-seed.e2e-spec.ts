// Issue 13: the demo seed shows the everyday features through the API (releases in every state,
// a union's draft mailing, a cancelled task, a do-not-contact journalist, audit events), once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase } from '../../libs/core/src/database/ensure-database';
import { ROOT, startApi, testEnv, RunningApi } from '../support/app';
import { gqlOk, login } from '../support/gql';

jest.setTimeout(180000);

describe('crm2: demo seed of everyday work', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_crm2_seed`;
  const databaseUrl = url.toString();
  let api: RunningApi | undefined;

  afterAll(async () => {
    await api?.close();
    await dropDatabase(databaseUrl);
  });

  const env = { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: testEnv().QUEUE_PREFIX };
  const seed = () =>
    spawnSync(process.execPath, [join(ROOT, 'dist/libs/seed/src/cli/seed.js')], {
      env,
      encoding: 'utf8',
      timeout: 150000,
    });
  const counts = `SELECT (SELECT count(*) FROM press_releases)::int AS releases, (SELECT count(*) FROM mailings)::int AS mailings,
    (SELECT count(*) FROM outreach_tasks)::int AS tasks, (SELECT count(*) FROM audit_events)::int AS events`;

  it('seeds them once and shows each through the API', async () => {
    expect(seed().status).toBe(0);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const first = (await db.query(counts)).rows[0];
    expect(seed().status).toBe(0);
    expect((await db.query(counts)).rows[0]).toEqual(first);
    await db.end();

    api = await startApi(testEnv({ DATABASE_URL: databaseUrl }));
    const press = await login(api.url, 'press@chorus.localhost', 'chorus-demo-password');
    const staff = await login(api.url, 'staff.spu@chorus.localhost', 'chorus-demo-password');
    const lead = await login(api.url, 'lead@chorus.localhost', 'chorus-demo-password');

    const releases = (
      await gqlOk(api.url, '{ pressReleases(first: 50) { edges { node { status } } } }', {}, press)
    ).pressReleases.edges.map((e: any) => e.node.status);
    expect(new Set(releases)).toEqual(
      new Set(['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'CANCELLED']),
    );
    const mailings = (
      await gqlOk(api.url, '{ mailings(status: DRAFT) { totalCount edges { node { name } } } }', {}, staff)
    ).mailings;
    expect(mailings.totalCount).toBeGreaterThan(0);
    const tasks = (await gqlOk(api.url, '{ outreachTasks(first: 50, status: CANCELLED) { totalCount } }', {}, press))
      .outreachTasks;
    expect(tasks.totalCount).toBeGreaterThan(0);
    const contacts = (await gqlOk(api.url, '{ pressContacts { doNotContact } }', {}, press)).pressContacts;
    expect(contacts.some((c: { doNotContact: boolean }) => c.doNotContact)).toBe(true);
    const trail = (
      await gqlOk(api.url, '{ auditEvents(first: 50) { totalCount edges { node { entity action } } } }', {}, lead)
    ).auditEvents;
    expect(trail.totalCount).toBeGreaterThanOrEqual(5);
    expect((await gqlOk(api.url, '{ auditEvents { totalCount } }', {}, staff)).auditEvents.totalCount).toBeGreaterThan(
      0,
    );
    expect((await gqlOk(api.url, '{ outlets { totalCount } }', {}, press)).outlets.totalCount).toBeGreaterThan(0);
  });
});
