// Memberships can be changed and ended (removeMembership, updateMembership), and names are stored
// normalized: organization names trimmed with inner whitespace collapsed (and unique so), optional
// person names trimmed, whitespace only being no value.
import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, outcomeOf } from '../support/gql';
import { createOrganization, createUser, createWorld, unique, uniqueEmail, World } from '../support/fixtures';
import { database } from '../support/db';
import { createMailing } from './mailings-helpers';
import { OrganizationNamesNormalized1765001200000 } from '../../libs/core/src/database/migrations/1765001200000-organization-names-normalized';

const CREATE_PERSON =
  'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id firstName lastName phone consentText } }';
const UPDATE_PERSON =
  'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id firstName lastName phone } }';
const ADD = 'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id role memberNumber } }';
const REMOVE =
  'mutation($p: ID!, $o: ID!) { removeMembership(personId: $p, organizationId: $o) { id email redacted memberships { organization { id } } } }';
const UPDATE =
  'mutation($p: ID!, $o: ID!, $i: UpdateMembershipInput!) { updateMembership(personId: $p, organizationId: $o, input: $i) { id role memberNumber organization { id } } }';
const MEMBER_COUNT = 'query($id: ID!) { organization(id: $id) { memberCount } }';
const PEOPLE_IDS = 'query($f: PersonFilter) { people(first: 200, filter: $f) { totalCount edges { node { id } } } }';
const CREATE_ORG = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id name } }';
const UPDATE_ORG =
  'mutation($id: ID!, $i: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $i) { id name } }';

describe('crm3: memberships can be ended and changed; names are normalized', () => {
  let api: RunningApi;
  let world: World;
  let client: Client;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    client = await database();
  });
  afterAll(async () => {
    await client?.end();
    await api?.close();
  });

  const newPerson = async (input: Record<string, unknown> = {}, token = world.admin) =>
    (await gqlOk(api.url, CREATE_PERSON, { i: { email: uniqueEmail('m3'), firstName: 'Mona', ...input } }, token))
      .createPerson as { id: string; firstName: string; lastName: string | null; phone: string | null };
  const addMembership = (personId: string, organizationId: string, extra: Record<string, unknown> = {}) =>
    gqlOk(api.url, ADD, { i: { personId, organizationId, role: 'MEMBER', ...extra } }, world.admin);
  const memberCount = async (id: string) =>
    (await gqlOk(api.url, MEMBER_COUNT, { id }, world.admin)).organization.memberCount as number;
  const peopleIds = async (token: string, filter: Record<string, unknown> = {}) => {
    const page = (await gqlOk(api.url, PEOPLE_IDS, { f: filter }, token)).people;
    return { total: page.totalCount as number, ids: page.edges.map((e: { node: { id: string } }) => e.node.id) };
  };
  const auditOf = async (entityId: string) =>
    (
      await gqlOk(
        api.url,
        `{ auditEvents(entity: "memberships", entityId: "${entityId}", first: 20) { edges { node { action changes } } } }`,
        {},
        world.admin,
      )
    ).auditEvents.edges.map((e: { node: { action: string; changes: string } }) => ({
      action: e.node.action,
      changes: JSON.parse(e.node.changes),
    }));

  describe('removeMembership', () => {
    it('ends the membership everywhere at once: count, organization filter, mailing audience, staff scope; keeps the person; audited', async () => {
      const org = await createOrganization(api.url, world.admin, unique('Leaving Union'));
      const staffToken = (await createUser(api.url, world.admin, 'ORG_STAFF', org.id)).token;

      const leaver = await newPerson({ lastName: 'Leaver' });
      const stayer = await newPerson({ lastName: 'Stayer' });
      const added = (await addMembership(leaver.id, org.id, { memberNumber: 'L-1' })).addMembership;
      await addMembership(stayer.id, org.id);
      expect(await memberCount(org.id)).toBe(2);
      expect((await peopleIds(staffToken)).ids.sort()).toEqual([leaver.id, stayer.id].sort());

      // The staffer ends the membership: the person was visible only through it, so the answer is the stand-in.
      const removed = (await gqlOk(api.url, REMOVE, { p: leaver.id, o: org.id }, staffToken)).removeMembership;
      expect(removed).toEqual({ id: leaver.id, email: '', redacted: true, memberships: [] });

      expect(await memberCount(org.id)).toBe(1);
      expect(await peopleIds(staffToken)).toEqual({ total: 1, ids: [stayer.id] });
      expect(await peopleIds(world.admin, { organizationId: org.id })).toEqual({ total: 1, ids: [stayer.id] });
      expect(outcomeOf(await gql(api.url, `{ person(id: "${leaver.id}") { id } }`, {}, staffToken))).toBe('NOT_FOUND');
      // The person stays, without any membership.
      const kept = await gqlOk(
        api.url,
        `{ person(id: "${leaver.id}") { id lastName memberships { id } } }`,
        {},
        world.admin,
      );
      expect(kept.person).toEqual({ id: leaver.id, lastName: 'Leaver', memberships: [] });
      // A mailing to the organization no longer reaches the leaver.
      const mailing = await createMailing(api.url, world.admin, { organizationIds: [org.id] });
      const sent = await gqlOk(
        api.url,
        'mutation($id: ID!) { sendMailing(id: $id) { stats { recipients } } }',
        { id: mailing.id },
        world.admin,
      );
      expect(sent.sendMailing.stats.recipients).toBe(1);
      const recipients = await client.query('SELECT person_id FROM mailing_deliveries WHERE mailing_id = $1', [
        mailing.id,
      ]);
      expect(recipients.rows.map((r) => r.person_id)).toEqual([stayer.id]);

      const trail = await auditOf(added.id);
      expect(trail.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'delete']);
      expect(trail.find((e: { action: string }) => e.action === 'delete').changes.before).toMatchObject({
        personId: leaver.id,
        organizationId: org.id,
        memberNumber: 'L-1',
      });
      // Gone means gone: a second removal is NOT_FOUND, and the person can join again.
      expect(outcomeOf(await gql(api.url, REMOVE, { p: leaver.id, o: org.id }, world.admin))).toBe('NOT_FOUND');
      await addMembership(leaver.id, org.id);
      expect(await memberCount(org.id)).toBe(2);
    });

    it('answers the person as still seen when another way to see them remains (admin; staff with a second membership kept)', async () => {
      const person = await newPerson();
      await addMembership(person.id, world.orgA.id);
      await addMembership(person.id, world.orgB.id);
      const byAdmin = (await gqlOk(api.url, REMOVE, { p: person.id, o: world.orgB.id }, world.admin)).removeMembership;
      expect(byAdmin).toMatchObject({
        id: person.id,
        redacted: false,
        memberships: [{ organization: { id: world.orgA.id } }],
      });
    });

    it('scopes like addMembership: staff only on their organization (FORBIDDEN), people in scope (NOT_FOUND); press FORBIDDEN; bad ids named', async () => {
      const shared = await newPerson();
      await addMembership(shared.id, world.orgA.id);
      await addMembership(shared.id, world.orgB.id);
      const onlyB = await newPerson();
      await addMembership(onlyB.id, world.orgB.id);
      const noMembership = await newPerson({}, world.staffA.token); // staff-created: member of orgA
      await gqlOk(api.url, REMOVE, { p: noMembership.id, o: world.orgA.id }, world.admin);

      const cases: [string, Record<string, unknown>, string | undefined, string][] = [
        ['other organization', { p: shared.id, o: world.orgB.id }, world.staffA.token, 'FORBIDDEN'],
        ['person out of scope', { p: onlyB.id, o: world.orgA.id }, world.staffA.token, 'NOT_FOUND'],
        ['no such membership', { p: noMembership.id, o: world.orgA.id }, world.admin, 'NOT_FOUND'],
        ['press officer', { p: shared.id, o: world.orgA.id }, world.press.token, 'FORBIDDEN'],
        ['anonymous', { p: shared.id, o: world.orgA.id }, undefined, 'UNAUTHENTICATED'],
      ];
      for (const [what, variables, token, expected] of cases)
        expect(`${what}: ${outcomeOf(await gql(api.url, REMOVE, variables, token))}`).toBe(`${what}: ${expected}`);
      const bad = await gql(api.url, REMOVE, { p: 'nope', o: world.orgA.id }, world.admin);
      expect(bad.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { personId: 'must be a person id' },
      });
      const still = await gqlOk(
        api.url,
        `{ person(id: "${shared.id}") { memberships { organization { id } } } }`,
        {},
        world.admin,
      );
      expect(still.person.memberships).toHaveLength(2);
    });
  });

  describe('updateMembership', () => {
    it('changes role and member number (fields left out stay, null clears), audited; staff on their own organization only', async () => {
      const person = await newPerson();
      const added = (await addMembership(person.id, world.orgA.id, { memberNumber: 'A-7' })).addMembership;
      const promoted = (
        await gqlOk(api.url, UPDATE, { p: person.id, o: world.orgA.id, i: { role: 'LEADERSHIP' } }, world.staffA.token)
      ).updateMembership;
      expect(promoted).toEqual({
        id: added.id,
        role: 'LEADERSHIP',
        memberNumber: 'A-7',
        organization: { id: world.orgA.id },
      });
      const renumbered = (
        await gqlOk(api.url, UPDATE, { p: person.id, o: world.orgA.id, i: { memberNumber: '  A-8 ' } }, world.admin)
      ).updateMembership;
      expect(renumbered).toMatchObject({ role: 'LEADERSHIP', memberNumber: 'A-8' });
      const cleared = (
        await gqlOk(api.url, UPDATE, { p: person.id, o: world.orgA.id, i: { memberNumber: '   ' } }, world.admin)
      ).updateMembership;
      expect(cleared.memberNumber).toBeNull();

      const nullRole = await gql(api.url, UPDATE, { p: person.id, o: world.orgA.id, i: { role: null } }, world.admin);
      expect(nullRole.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { role: 'must not be null' } });
      const long = await gql(
        api.url,
        UPDATE,
        { p: person.id, o: world.orgA.id, i: { memberNumber: 'x'.repeat(101) } },
        world.admin,
      );
      expect(Object.keys(long.errors?.[0].extensions.fields ?? {})).toEqual(['memberNumber']);

      await addMembership(person.id, world.orgB.id);
      expect(
        outcomeOf(
          await gql(api.url, UPDATE, { p: person.id, o: world.orgB.id, i: { role: 'STAFF' } }, world.staffA.token),
        ),
      ).toBe('FORBIDDEN');
      expect(
        outcomeOf(
          await gql(api.url, UPDATE, { p: person.id, o: world.orgA.id, i: { role: 'STAFF' } }, world.press.token),
        ),
      ).toBe('FORBIDDEN');
      const other = await newPerson();
      expect(
        outcomeOf(await gql(api.url, UPDATE, { p: other.id, o: world.orgA.id, i: { role: 'STAFF' } }, world.admin)),
      ).toBe('NOT_FOUND');

      const updates = (await auditOf(added.id)).filter((e: { action: string }) => e.action === 'update');
      expect(updates.map((e: { changes: unknown }) => e.changes)).toEqual([
        { before: { role: 'MEMBER' }, after: { role: 'LEADERSHIP' } },
        { before: { memberNumber: 'A-7' }, after: { memberNumber: 'A-8' } },
        { before: { memberNumber: 'A-8' }, after: { memberNumber: null } },
      ]);
    });
  });

  describe('organization names', () => {
    it('are stored trimmed with inner whitespace collapsed, and unique as such (create and update)', async () => {
      const base = unique('QA Union');
      const created = (await gqlOk(api.url, CREATE_ORG, { i: { name: base, kind: 'UNION' } }, world.admin))
        .createOrganization;
      for (const name of [` ${base}`, `${base.toLowerCase()} `, base.replace('QA Union', 'QA  Union'), `\t${base}\n`]) {
        const result = await gql(api.url, CREATE_ORG, { i: { name, kind: 'UNION' } }, world.admin);
        expect([name, result.errors?.[0].extensions]).toEqual([
          name,
          { code: 'CONFLICT', fields: { name: 'is already taken' } },
        ]);
      }
      const padded = unique('Padded');
      const spaced = (
        await gqlOk(
          api.url,
          CREATE_ORG,
          { i: { name: `  ${padded.replace(' ', '   ')}  `, kind: 'GUILD' } },
          world.admin,
        )
      ).createOrganization;
      expect(spaced.name).toBe(padded);
      // Update: normalized too, and a near-duplicate of another organization is refused.
      const renamed = (
        await gqlOk(api.url, UPDATE_ORG, { id: spaced.id, i: { name: ` ${padded.toUpperCase()}  ` } }, world.admin)
      ).updateOrganization;
      expect(renamed.name).toBe(padded.toUpperCase());
      const clash = await gql(
        api.url,
        UPDATE_ORG,
        { id: spaced.id, i: { name: `${base.replace(' ', '  ')} ` } },
        world.admin,
      );
      expect(clash.errors?.[0].extensions).toEqual({ code: 'CONFLICT', fields: { name: 'is already taken' } });
      const { rows } = await client.query('SELECT name FROM organizations WHERE id = ANY($1::uuid[]) ORDER BY name', [
        [created.id, spaced.id],
      ]);
      expect(rows.map((r) => r.name).sort()).toEqual([base, padded.toUpperCase()].sort());
    });

    it('the migration normalizes stored names and leaves near-duplicates it cannot normalize, without failing', async () => {
      const solo = unique('Legacy Solo');
      const dup = unique('Legacy Dup');
      const older = unique('Legacy Older');
      // Rows written before names were normalized.
      await client.query(
        `INSERT INTO organizations (name, kind, created_at) VALUES
           ($1, 'UNION', now()), ($2, 'UNION', now()), ($3, 'UNION', now() - interval '2 days'), ($4, 'UNION', now() - interval '1 day')`,
        [`  ${solo.replace(' ', '   ')} `, ` ${dup}`, ` ${older} `, `${older.replace(' ', '  ')}`],
      );
      await client.query(`INSERT INTO organizations (name, kind) VALUES ($1, 'UNION')`, [dup]);
      // The API's check already compares normalized names with such rows.
      const near = await gql(api.url, CREATE_ORG, { i: { name: solo, kind: 'UNION' } }, world.admin);
      expect(near.errors?.[0].extensions.code).toBe('CONFLICT');

      const runner = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
      const migration = new OrganizationNamesNormalized1765001200000();
      await migration.up(runner as unknown as QueryRunner);
      await migration.up(runner as unknown as QueryRunner); // again: nothing to do, no failure
      const names = async (prefix: string) =>
        (
          await client.query('SELECT name FROM organizations WHERE name ILIKE $1 ORDER BY created_at', [
            `%${prefix.split(' ')[2]}%`,
          ])
        ).rows.map((r) => r.name);
      expect(await names(solo)).toEqual([solo]);
      // The name already normalized keeps it; its near-duplicate is left as it was.
      expect((await names(dup)).sort()).toEqual([` ${dup}`, dup].sort());
      // Neither normalized: the oldest gets the name.
      expect(await names(older)).toEqual([older, older.replace(' ', '  ')]);
    });
  });

  describe('optional person text', () => {
    it('whitespace-only last name and phone become null; names are trimmed (create and update)', async () => {
      const person = await newPerson({ firstName: '  Mona ', lastName: '   ', phone: ' \t ', consentText: '  ' });
      expect(person).toMatchObject({ firstName: 'Mona', lastName: null, phone: null, consentText: null });
      const { rows } = await client.query('SELECT first_name, last_name, phone FROM people WHERE id = $1', [person.id]);
      expect(rows[0]).toEqual({ first_name: 'Mona', last_name: null, phone: null });

      const named = (
        await gqlOk(
          api.url,
          UPDATE_PERSON,
          { id: person.id, i: { lastName: ' Lisa  ', phone: ' +1 555 ' } },
          world.admin,
        )
      ).updatePerson;
      expect(named).toMatchObject({ lastName: 'Lisa', phone: '+1 555' });
      const blanked = (
        await gqlOk(api.url, UPDATE_PERSON, { id: person.id, i: { lastName: '  ', firstName: ' Mo ' } }, world.admin)
      ).updatePerson;
      expect(blanked).toMatchObject({ firstName: 'Mo', lastName: null, phone: '+1 555' });
      // A required name of whitespace only is still refused naming it.
      const blank = await gql(api.url, UPDATE_PERSON, { id: person.id, i: { firstName: '   ' } }, world.admin);
      expect(blank.errors?.[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { firstName: 'must not be blank' },
      });
    });
  });
});
