// Security review: Person.activity runs two statements per person, not batched. Asked for under
// pages of people (15 aliases of people(first: 200) passed every limit) it held the connection
// pool for seconds and slowed everyone. Under any list it is now refused before anything runs,
// with BAD_USER_INPUT naming the field; one person at a time (person(id)) works as before.
import { startApi, testEnv, RunningApi } from '../support/app';
import { gqlOk, gqlWithStatus } from '../support/gql';
import { createWorld, uniqueEmail, World } from '../support/fixtures';

type Result = Awaited<ReturnType<typeof post>>;
let api: RunningApi;
let world: World;

/** Posts a request and returns the HTTP status with the parsed body. */
const post = (query: string, variables: Record<string, unknown> = {}, token = world.staffA.token) =>
  gqlWithStatus(api.url, query, variables, token);

/** Refused before execution: HTTP 400, no data, BAD_USER_INPUT naming the field and how to ask. */
function expectRefused(result: Result) {
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  const [error] = result.body.errors!;
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.message).toMatch(/^Person\.activity cannot be asked for under a list\b/);
  expect(error.message).toMatch(/one person at a time, through person\(id\)/);
}

describe('sec: Person.activity under lists', () => {
  const people: { id: string; email: string }[] = [];

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    for (let i = 0; i < 3; i++)
      people.push(
        (
          await gqlOk(
            api.url,
            'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id email } }',
            { i: { email: uniqueEmail('nested'), firstName: `Nested${i}`, consentText: 'Keep me posted.' } },
            world.staffA.token,
          )
        ).createPerson,
      );
  });
  afterAll(() => api.close());

  it("refuses the review's query (15 aliases of people(first: 200) with activity) and stays responsive", async () => {
    const attack =
      '{ ' +
      Array.from(
        { length: 15 },
        (_, i) => `a${i}: people(first: 200) { edges { node { activity(first: 1) { totalCount } } } }`,
      ).join(' ') +
      ' }';
    const results = await Promise.all(Array.from({ length: 8 }, () => post(attack)));
    results.forEach(expectRefused);
    expect((await post('{ me { id } }', {}, world.staffB.token)).body.data.me.id).toBe(world.staffB.id);
  });

  it.each([
    ['a page of people', '{ people(first: 1) { edges { node { id activity { totalCount } } } } }'],
    ['an alias', '{ people { edges { node { timeline: activity(first: 5) { totalCount } } } } }'],
    ['a named fragment', '{ people { edges { node { ...P } } } } fragment P on Person { id activity { totalCount } }'],
    [
      'a fragment on the connection',
      '{ people { ...C } } fragment C on PersonConnection { edges { node { activity { totalCount } } } }',
    ],
    ['an inline fragment', '{ people { edges { node { ... on Person { activity { totalCount } } } } } }'],
    [
      'a fragment also used on one person',
      'query($id: ID!) { person(id: $id) { ...P } people { edges { node { ...P } } } } fragment P on Person { activity { totalCount } }',
    ],
    ['signatures', '{ signatures { edges { node { person { activity { totalCount } } } } } }'],
    ['outreach tasks', '{ outreachTasks { edges { node { person { activity { totalCount } } } } } }'],
    [
      "a person's signatures",
      'query($id: ID!) { person(id: $id) { signatures { person { activity { totalCount } } } } }',
    ],
  ])('refuses activity under %s, before any resolver runs', async (_what, query) => {
    expectRefused(await post(query, query.includes('$id') ? { id: people[0].id } : {}));
  });

  it('refuses a mutation asking for it under a list without running the mutation', async () => {
    const email = uniqueEmail('never');
    expectRefused(
      await post(
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id signatures { person { activity { totalCount } } } } }',
        { i: { email, firstName: 'Never' } },
      ),
    );
    const found = await gqlOk(
      api.url,
      'query($f: PersonFilter) { people(filter: $f) { totalCount } }',
      { f: { search: email } },
      world.admin,
    );
    expect(found.people.totalCount).toBe(0);
  });

  it('answers activity and consentEvents on one person through person(id), as before', async () => {
    const [first, second] = people;
    const one = await post(
      'query($id: ID!) { person(id: $id) { id activity(first: 5) { totalCount edges { node { kind title } } } consentEvents { status source } } }',
      { id: first.id },
    );
    expect(one.status).toBe(200);
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.person.activity.totalCount).toBeGreaterThanOrEqual(1);
    expect(one.body.data.person.activity.edges.map((e: any) => e.node.kind)).toContain('CONSENT');
    expect(one.body.data.person.consentEvents).toEqual([{ status: 'SUBSCRIBED', source: 'STAFF' }]);

    // Aliases of person(id) are still one person each, and so is a mutation's answer.
    const two = await post(
      'query($a: ID!, $b: ID!) { a: person(id: $a) { ...A } b: person(id: $b) { ...A } } fragment A on Person { activity { totalCount } }',
      { a: first.id, b: second.id },
    );
    expect(two.status).toBe(200);
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data.b.activity.totalCount).toBeGreaterThanOrEqual(1);
    const updated = await post(
      'mutation($id: ID!) { updatePerson(id: $id, input: { lastName: "Kept" }) { lastName activity { totalCount } } }',
      { id: first.id },
    );
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data.updatePerson.activity.totalCount).toBeGreaterThanOrEqual(1);
  });
});
