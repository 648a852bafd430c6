// Listing people with their nested fields costs a constant number of SQL queries (DataLoaders).
import { Client } from 'pg';
import { QueryCounter } from '@chorus/core';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gqlOk } from '../support/gql';
import { createWorld, World } from '../support/fixtures';

const LIST = `query($tag: String!, $first: Int) { people(first: $first, filter: { tag: $tag }) {
  totalCount edges { node { id email tags
    memberships { id role memberNumber organization { id name } }
    signatures { id verification signedAt campaign { id slug } recruitedBy { id name } person { id } } } } } }`;

describe('crm: query count of the people listing', () => {
  let api: RunningApi;
  let world: World;
  const tag = `qc-${Date.now().toString(36)}`;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    const campaigns = [];
    for (const n of [1, 2]) {
      campaigns.push(
        (
          await gqlOk(
            api.url,
            'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
            { i: { slug: `${tag}-${n}`, title: `QC ${n}`, statement: 'S' } },
            world.admin,
          )
        ).createCampaign.id,
      );
    }
    // 100 people, each with two memberships and two signatures, set-based.
    const db = new Client({ connectionString: api.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO people (email, first_name, last_name, tags) SELECT $1 || '-' || i || '@example.test', 'P' || i, 'QC', ARRAY[$1, 'other'] FROM generate_series(1, 100) i`,
        [tag],
      );
      await db.query(
        `INSERT INTO memberships (person_id, organization_id, role, member_number) SELECT id, org, 'MEMBER', 'M-' || id FROM people, unnest($2::uuid[]) org WHERE tags @> ARRAY[$1]`,
        [tag, [world.orgA.id, world.orgB.id]],
      );
      await db.query(
        `INSERT INTO signatures (campaign_id, person_id, channel, recruited_by_organization_id) SELECT c, id, 'STAFF', $3 FROM people, unnest($2::uuid[]) c WHERE tags @> ARRAY[$1]`,
        [tag, campaigns, world.orgA.id],
      );
    } finally {
      await db.end();
    }
  });
  afterAll(() => api.close());

  it('costs the same number of queries for 10 and for 100 people', async () => {
    const ten = await QueryCounter.count(() => gqlOk(api.url, LIST, { tag, first: 10 }, world.admin));
    const hundred = await QueryCounter.count(() => gqlOk(api.url, LIST, { tag, first: 100 }, world.admin));
    expect(ten.result.people.edges).toHaveLength(10);
    expect(hundred.result.people.edges).toHaveLength(100);
    const node = hundred.result.people.edges[99].node;
    expect(node.memberships).toHaveLength(2);
    expect(node.signatures).toHaveLength(2);
    expect(node.signatures[0].recruitedBy.id).toBe(world.orgA.id);
    // the guard's user lookup (issue 11), then count, page, memberships, their organizations,
    // signatures, their campaigns, recruiters, people
    expect(ten.queries).toBe(9);
    expect(hundred.queries).toBe(ten.queries);
  });

  it('stays constant for organization staff (scoped query)', async () => {
    const ten = await QueryCounter.count(() => gqlOk(api.url, LIST, { tag, first: 10 }, world.staffA.token));
    const hundred = await QueryCounter.count(() => gqlOk(api.url, LIST, { tag, first: 100 }, world.staffA.token));
    expect(hundred.result.people.totalCount).toBe(100);
    // the same 9, plus one batched check of which signatures' people are in the staffer's scope
    // (a person outside it is shown as a stand-in, issue 11)
    expect(ten.queries).toBe(10);
    expect(hundred.queries).toBe(ten.queries);
  });
});
