// The lists of bench/api-read.ts cost a constant number of SQL statements, whatever their length
// (DataLoaders batch every nested field): people with memberships, organizations with member
// counts and commitments, outreach tasks with assignee and person.
import { Client } from 'pg';
import { QueryCounter } from '@chorus/core';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gqlOk } from '../support/gql';
import { createWorld, World } from '../support/fixtures';

const PEOPLE =
  'query($first: Int) { people(first: $first) { totalCount edges { node { id email firstName lastName emailStatus memberships { role organization { name } } } } } }';
const ORGANIZATIONS =
  'query($first: Int) { organizations(first: $first) { totalCount edges { node { id name memberCount commitments { id kind status } } } } }';
const TASKS =
  'query($first: Int) { outreachTasks(first: $first) { totalCount edges { node { id title status assignee { id email } person { id email } } } } }';

describe('read path: query count of the benchmark lists', () => {
  let api: RunningApi;
  let world: World;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    const db = new Client({ connectionString: api.env.DATABASE_URL });
    await db.connect();
    try {
      // 30 more organizations with two commitments each; 120 people, each a member of orgA and of
      // one other organization; 120 tasks of orgA assigned to its staffer, each about a person.
      await db.query(
        `INSERT INTO organizations (name, kind) SELECT 'QC organization ' || g, 'UNION' FROM generate_series(1, 30) g`,
      );
      await db.query(
        `INSERT INTO commitments (organization_id, kind, description) SELECT o.id, k, 'QC' FROM organizations o, unnest(ARRAY['AMPLIFY','FUNDING']) k`,
      );
      await db.query(
        `INSERT INTO people (email, first_name, last_name) SELECT 'qc-' || g || '@example.test', 'P' || g, 'QC' FROM generate_series(1, 120) g`,
      );
      await db.query(
        `WITH o AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM organizations WHERE name LIKE 'QC organization %'), p AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people WHERE email LIKE 'qc-%')
        INSERT INTO memberships (person_id, organization_id, role) SELECT p.id, $1, 'MEMBER' FROM p UNION ALL SELECT p.id, o.id, 'STAFF' FROM p JOIN o ON o.n = 1 + p.n % 30`,
        [world.orgA.id],
      );
      await db.query(
        `INSERT INTO outreach_tasks (kind, title, assignee_user_id, organization_scope_id, person_id) SELECT 'CALL', 'QC ' || email, $1, $2, id FROM people WHERE email LIKE 'qc-%'`,
        [world.staffA.id, world.orgA.id],
      );
    } finally {
      await db.end();
    }
  });
  afterAll(() => api.close());

  async function rowsIn(table: string): Promise<number> {
    const db = new Client({ connectionString: api.env.DATABASE_URL });
    await db.connect();
    try {
      return (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    } finally {
      await db.end();
    }
  }

  async function countFor(
    query: string,
    token: string,
    small: number,
    large: number,
    key: 'people' | 'organizations' | 'outreachTasks',
  ) {
    const few = await QueryCounter.count(() => gqlOk(api.url, query, { first: small }, token));
    const many = await QueryCounter.count(() => gqlOk(api.url, query, { first: large }, token));
    expect(few.result[key].edges).toHaveLength(small);
    expect(many.result[key].edges).toHaveLength(large);
    return { few: few.queries, many: many.queries, result: many.result[key] };
  }

  it('people with memberships and their organizations: constant, for admins and staff', async () => {
    const admin = await countFor(PEOPLE, world.admin, 10, 100, 'people');
    // guard, page (with everyone's count in its SQL), memberships, their organizations
    expect(admin.few).toBe(4);
    expect(admin.many).toBe(admin.few);
    expect(
      admin.result.edges.filter((e: { node: { memberships: unknown[] } }) => e.node.memberships.length === 2).length,
    ).toBeGreaterThan(90);
    const staff = await countFor(PEOPLE, world.staffA.token, 10, 100, 'people');
    expect(staff.many).toBe(staff.few);
    // Staff see only their own organization's memberships.
    expect(
      staff.result.edges.every((e: { node: { memberships: { organization: { name: string } }[] } }) =>
        e.node.memberships.every((m) => m.organization.name === world.orgA.name),
      ),
    ).toBe(true);
  });

  // The count is read in the page's own SQL; a page past the end has no row to carry it.
  it.each([
    ['people', 'people'],
    ['outreachTasks', 'outreach_tasks'],
    ['organizations', 'organizations'],
  ])('%s: totalCount is the whole list on every page, the empty one past the end too', async (list, table) => {
    const n = await rowsIn(table);
    const PAGE = `query($first: Int, $after: String) { ${list}(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const seen = new Set<string>();
    let after: string | undefined;
    let more = true;
    while (more) {
      const page = (await gqlOk(api.url, PAGE, { first: 50, after }, world.admin))[list];
      expect(page.totalCount).toBe(n);
      page.edges.forEach((e: { node: { id: string } }) => seen.add(e.node.id));
      after = page.pageInfo.endCursor;
      more = page.pageInfo.hasNextPage;
    }
    expect(seen.size).toBe(n);
    const past = (await gqlOk(api.url, PAGE, { first: 50, after }, world.admin))[list];
    expect(past.edges).toEqual([]);
    expect(past.totalCount).toBe(n);
  });

  it('organizations with member counts and commitments: constant', async () => {
    const { few, many, result } = await countFor(ORGANIZATIONS, world.admin, 5, 30, 'organizations');
    // guard, count, page, member counts, commitments (and their progress)
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
    expect(
      result.edges.find((e: { node: { name: string } }) => e.node.name === 'QC organization 1').node,
    ).toMatchObject({ memberCount: 4, commitments: [{ kind: expect.any(String) }, { kind: expect.any(String) }] });
  });

  it('outreach tasks with assignee and person: constant, for admins and staff', async () => {
    const admin = await countFor(TASKS, world.admin, 10, 100, 'outreachTasks');
    // guard, page (with the count in its SQL), assignees, people
    expect(admin.few).toBe(4);
    expect(admin.many).toBe(admin.few);
    expect(admin.result.totalCount).toBe(await rowsIn('outreach_tasks'));
    expect(admin.result.edges[99].node.assignee.id).toBe(world.staffA.id);
    expect(admin.result.edges[99].node.person.email).toMatch(/^qc-/);
    const staff = await countFor(TASKS, world.staffA.token, 10, 100, 'outreachTasks');
    expect(staff.many).toBe(staff.few);
    expect(staff.result.edges[99].node.person.email).toMatch(/^qc-/);
  });
});
