// People and memberships: creation, duplicates, validation, filters and the org scope.
import { Client } from 'pg';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createWorld, unique, uniqueEmail, World } from '../support/fixtures';

const CREATE =
  'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id email firstName lastName tags emailStatus } }';
const ADD_MEMBERSHIP =
  'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id role memberNumber organization { id name } } }';
const PEOPLE =
  'query($f: PersonFilter, $first: Int, $after: String) { people(first: $first, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email firstName lastName tags memberships { role organization { id } } } } } }';

describe('crm: people', () => {
  let api: RunningApi;
  let world: World;
  const tag = unique('tag').replace(' ', '-');

  const createPerson = async (token: string, input: Record<string, unknown>) =>
    (await gqlOk(api.url, CREATE, { i: { email: uniqueEmail(), firstName: 'Ada', ...input } }, token)).createPerson;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
  });
  afterAll(() => api.close());

  it('creates a person and answers CONFLICT naming email for a second one with the same email in other case', async () => {
    const email = uniqueEmail('dup');
    const person = await createPerson(world.admin, { email, lastName: 'Lovelace', tags: [tag, tag] });
    expect(person).toMatchObject({
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      tags: [tag],
      emailStatus: 'SUBSCRIBED',
    });
    const again = await gql(api.url, CREATE, { i: { email: email.toUpperCase(), firstName: 'Other' } }, world.admin);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: { email: expect.any(String) } });
  });

  it.each([
    ['malformed email', { email: 'not-an-email', firstName: 'A' }, 'email'],
    ['empty name', { email: 'ok@example.test', firstName: '' }, 'firstName'],
    ['10,000-character name', { email: 'ok@example.test', firstName: 'x'.repeat(10000) }, 'firstName'],
    ['empty tag', { email: 'ok@example.test', firstName: 'A', tags: [''] }, 'tags'],
  ])('rejects %s naming the field and creates nothing', async (_what, input, field) => {
    const result = await gql(api.url, CREATE, { i: input }, world.admin);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions.fields ?? {})).toContain(field);
    const found = await gqlOk(api.url, PEOPLE, { f: { search: 'ok@example.test' } }, world.admin);
    expect(found.people.totalCount).toBe(0);
  });

  it('rejects an unknown email status in the filter naming the field', async () => {
    const result = await gql(api.url, PEOPLE, { f: { emailStatus: 'HAPPY' } }, world.admin);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { emailStatus: expect.any(String) },
    });
  });

  it('updatePerson: null on a required field is BAD_USER_INPUT naming it and changes nothing; null clears an optional one', async () => {
    const person = await createPerson(world.admin, { lastName: 'Nullable', phone: '+1 555 0100', tags: [tag] });
    const UPDATE =
      'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id firstName lastName phone tags disciplines emailStatus } }';
    for (const field of ['email', 'firstName', 'tags', 'disciplines', 'emailStatus']) {
      const result = await gql(
        api.url,
        UPDATE,
        { id: person.id, i: { [field]: null, lastName: 'Changed' } },
        world.admin,
      );
      expect(result.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { [field]: 'must not be null' },
      });
    }
    const cleared = (await gqlOk(api.url, UPDATE, { id: person.id, i: { lastName: null, phone: null } }, world.admin))
      .updatePerson;
    expect(cleared).toMatchObject({
      firstName: 'Ada',
      lastName: null,
      phone: null,
      tags: [tag],
      disciplines: [],
      emailStatus: 'SUBSCRIBED',
    });
  });

  it('updateOrganization: null on name, kind or membershipStatus is BAD_USER_INPUT naming it; null clears the website', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $i) { name kind website membershipStatus } }';
    const { createOrganization: org } = await gqlOk(
      api.url,
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id name } }',
      { i: { name: unique('Null org'), kind: 'NGO', website: 'https://null.example.org' } },
      world.admin,
    );
    for (const field of ['name', 'kind', 'membershipStatus']) {
      const result = await gql(api.url, UPDATE, { id: org.id, i: { [field]: null } }, world.admin);
      expect(result.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { [field]: 'must not be null' },
      });
    }
    const created = await gql(
      api.url,
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      { i: { name: unique('Null org'), kind: 'NGO', membershipStatus: null } },
      world.admin,
    );
    expect(created.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { membershipStatus: 'must not be null' },
    });
    const cleared = (await gqlOk(api.url, UPDATE, { id: org.id, i: { website: null } }, world.admin))
      .updateOrganization;
    expect(cleared).toEqual({ name: org.name, kind: 'NGO', website: null, membershipStatus: 'ACTIVE' });
    // joinedOn is a date: a date-time would be cut to a day of another zone, so it is refused.
    for (const joinedOn of ['2026-03-10T23:30:00-05:00', '2026-02-30', 'soon'])
      expect((await gql(api.url, UPDATE, { id: org.id, i: { joinedOn } }, world.admin)).errors?.[0].extensions).toEqual(
        {
          code: 'BAD_USER_INPUT',
          fields: { joinedOn: 'must be a date (YYYY-MM-DD)' },
        },
      );
  });

  it('filters by search, organization, tag and email status and pages with cursors', async () => {
    const surname = unique('Zebedee').replace(' ', '');
    const people = [];
    for (const first of ['Anna', 'Bert', 'Cleo'])
      people.push(
        await createPerson(world.admin, { firstName: first, lastName: surname, tags: first === 'Bert' ? [tag] : [] }),
      );
    await gqlOk(
      api.url,
      ADD_MEMBERSHIP,
      { i: { personId: people[0].id, organizationId: world.orgB.id, role: 'LEADERSHIP', memberNumber: 'B-1' } },
      world.admin,
    );

    const page1 = (await gqlOk(api.url, PEOPLE, { f: { search: surname.toLowerCase() }, first: 2 }, world.admin))
      .people;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: any) => e.node.firstName)).toEqual(['Anna', 'Bert']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (
      await gqlOk(api.url, PEOPLE, { f: { search: surname }, first: 2, after: page1.pageInfo.endCursor }, world.admin)
    ).people;
    expect(page2.edges.map((e: any) => e.node.firstName)).toEqual(['Cleo']);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const byOrg = (await gqlOk(api.url, PEOPLE, { f: { organizationId: world.orgB.id, search: surname } }, world.admin))
      .people;
    expect(byOrg.edges.map((e: any) => e.node.memberships)).toEqual([
      [{ role: 'LEADERSHIP', organization: { id: world.orgB.id } }],
    ]);
    const byTag = (await gqlOk(api.url, PEOPLE, { f: { tag } }, world.admin)).people;
    expect(byTag.edges.map((e: any) => e.node.firstName)).toContain('Bert');
    const unsubscribed = (
      await gqlOk(api.url, PEOPLE, { f: { emailStatus: 'UNSUBSCRIBED', search: surname } }, world.admin)
    ).people;
    expect(unsubscribed.totalCount).toBe(0);
    expect((await gql(api.url, PEOPLE, { after: 'garbage' }, world.admin)).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('pages through every person exactly once, whatever letters their names use', async () => {
    const marker = unique('Paging').replace(' ', '');
    const names = ['İnce', 'Ince', 'ıssız', 'Østergaard', 'Ångström', 'Straße', 'STRASSE', 'Émile', 'zeta', 'Ärger'];
    const created = [];
    for (const last of names) created.push((await createPerson(world.admin, { firstName: marker, lastName: last })).id);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < names.length + 2; page++) {
      const result = (await gqlOk(api.url, PEOPLE, { f: { search: marker }, first: 3, after }, world.admin)).people;
      expect(result.totalCount).toBe(names.length);
      seen.push(...result.edges.map((e: any) => e.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...created].sort());
  });

  it('staff see and change only people of their organization; others are NOT_FOUND; press officers are FORBIDDEN', async () => {
    const mine = await createPerson(world.staffA.token, { lastName: unique('Mine') });
    const theirs = await createPerson(world.staffB.token, { lastName: unique('Theirs') });
    expect(mine).toBeTruthy();

    const seen = (await gqlOk(api.url, PEOPLE, { first: 200 }, world.staffA.token)).people;
    const ids = seen.edges.map((e: any) => e.node.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    // A person of both unions: staff of A see A's membership only, never B's member number.
    await gqlOk(
      api.url,
      ADD_MEMBERSHIP,
      { i: { personId: mine.id, organizationId: world.orgB.id, role: 'MEMBER', memberNumber: 'B-SECRET' } },
      world.admin,
    );
    const both = (
      await gqlOk(
        api.url,
        'query($id: ID!) { person(id: $id) { memberships { memberNumber organization { id } } } }',
        { id: mine.id },
        world.staffA.token,
      )
    ).person;
    expect(both.memberships).toEqual([{ memberNumber: null, organization: { id: world.orgA.id } }]);
    // The same through the list, whose page fetches its memberships ahead.
    const listed = (
      await gqlOk(
        api.url,
        'query($f: PersonFilter) { people(filter: $f) { edges { node { id memberships { memberNumber organization { id name } } } } } }',
        { f: { search: mine.lastName } },
        world.staffA.token,
      )
    ).people.edges.map((e: any) => e.node);
    expect(listed).toEqual([
      {
        id: mine.id,
        memberships: [{ memberNumber: null, organization: { id: world.orgA.id, name: expect.any(String) } }],
      },
    ]);
    expect(
      (await gql(api.url, 'query($id: ID!) { person(id: $id) { id } }', { id: theirs.id }, world.staffA.token))
        .errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    const update = await gql(
      api.url,
      'mutation($id: ID!) { updatePerson(id: $id, input: { firstName: "Hacked" }) { id } }',
      { id: theirs.id },
      world.staffA.token,
    );
    expect(update.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const membership = await gql(
      api.url,
      ADD_MEMBERSHIP,
      { i: { personId: theirs.id, organizationId: world.orgA.id, role: 'MEMBER' } },
      world.staffA.token,
    );
    expect(membership.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const otherOrg = await gql(
      api.url,
      ADD_MEMBERSHIP,
      { i: { personId: mine.id, organizationId: world.orgB.id, role: 'MEMBER' } },
      world.staffA.token,
    );
    expect(otherOrg.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await gql(api.url, PEOPLE, {}, world.press.token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(
      (await gql(api.url, PEOPLE, { f: { organizationId: world.orgB.id } }, world.staffA.token)).errors?.[0].extensions
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (await gqlOk(api.url, PEOPLE, { f: { organizationId: world.orgA.id } }, world.staffA.token)).people.edges.map(
        (e: any) => e.node.id,
      ),
    ).toContain(mine.id);
  });

  it('answers exact totals for everyone (trigger-kept count) and for a staffer’s whole scope', async () => {
    const db = new Client({ connectionString: api.env.DATABASE_URL });
    await db.connect();
    try {
      await createPerson(world.admin, {});
      // Other test files may add people meanwhile (nobody deletes them): bracket the answer.
      const countNow = async () => Number((await db.query('SELECT count(*) AS n FROM people')).rows[0].n);
      const before = await countNow();
      const all = (await gqlOk(api.url, '{ people(first: 1) { totalCount } }', {}, world.admin)).people.totalCount;
      expect(all).toBeGreaterThanOrEqual(before);
      expect(all).toBeLessThanOrEqual(await countNow());
      const scope = (
        await gqlOk(api.url, '{ people(first: 200) { totalCount edges { node { id } } } }', {}, world.staffA.token)
      ).people;
      expect(scope.totalCount).toBe(scope.edges.length);
    } finally {
      await db.end();
    }
  });

  it('counts members per organization', async () => {
    const org = (
      await gqlOk(
        api.url,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { name: unique('Count org'), kind: 'NGO' } },
        world.admin,
      )
    ).createOrganization;
    for (let i = 0; i < 2; i++) {
      const p = await createPerson(world.admin, {});
      await gqlOk(
        api.url,
        ADD_MEMBERSHIP,
        { i: { personId: p.id, organizationId: org.id, role: 'MEMBER' } },
        world.admin,
      );
    }
    const { organization } = await gqlOk(
      api.url,
      'query($id: ID!) { organization(id: $id) { memberCount } }',
      { id: org.id },
      world.admin,
    );
    expect(organization.memberCount).toBe(2);
    const dup = await gql(
      api.url,
      ADD_MEMBERSHIP,
      {
        i: {
          personId: (await createPerson(world.admin, {})).id,
          organizationId: '00000000-0000-4000-8000-000000000000',
          role: 'MEMBER',
        },
      },
      world.admin,
    );
    expect(dup.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
