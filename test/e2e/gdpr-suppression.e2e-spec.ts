// Privacy review: an opted-out address stays suppressed when staff move the person to another
// address; an erased address cannot come back through updatePerson; erasure leaves no member
// number in the audit trail.
import { uniqueEmail } from '../support/fixtures';
import { gql, gqlOk } from '../support/gql';
import { code, createPerson, GdprStack, startGdprStack, stopGdprStack } from './gdpr/gdpr-helpers';

const UPDATE =
  'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id email emailStatus } }';
const CREATE = 'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id emailStatus } }';

describe('gdpr: suppressed addresses', () => {
  let stack: GdprStack;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  it('an opted-out person moved to a new address leaves the old one suppressed; they may take it back', async () => {
    const { world, api } = stack;
    const person = await createPerson(stack, world.staffA.token);
    await gqlOk(api.url, UPDATE, { id: person.id, i: { emailStatus: 'UNSUBSCRIBED' } }, world.staffA.token);
    const moved = uniqueEmail('moved');
    expect(
      (await gqlOk(api.url, UPDATE, { id: person.id, i: { email: moved } }, world.staffA.token)).updatePerson,
    ).toMatchObject({ email: moved, emailStatus: 'UNSUBSCRIBED' });

    // The freed address cannot come back SUBSCRIBED, by hand or on another person.
    const again = await gql(api.url, CREATE, { i: { email: person.email, firstName: 'Again' } }, world.staffA.token);
    expect(again.errors?.[0].extensions).toEqual({
      code: 'CONFLICT',
      fields: { email: 'is suppressed (erased or opted out)' },
    });
    const other = await createPerson(stack, world.staffA.token);
    expect(code(await gql(api.url, UPDATE, { id: other.id, i: { email: person.email } }, world.staffA.token))).toBe(
      'CONFLICT',
    );

    // The opted-out person may go back to it (a typo undone): they stay opted out.
    expect(
      (await gqlOk(api.url, UPDATE, { id: person.id, i: { email: person.email } }, world.staffA.token)).updatePerson,
    ).toMatchObject({ email: person.email, emailStatus: 'UNSUBSCRIBED' });

    // A subscribed person's old address is free again, as before.
    const subscribed = await createPerson(stack, world.staffA.token);
    await gqlOk(api.url, UPDATE, { id: subscribed.id, i: { email: uniqueEmail('renamed') } }, world.staffA.token);
    expect(
      (await gqlOk(api.url, CREATE, { i: { email: subscribed.email, firstName: 'New' } }, world.staffA.token))
        .createPerson.emailStatus,
    ).toBe('SUBSCRIBED');
  });

  it("updatePerson cannot give an erased person's address to someone else", async () => {
    const { world, api } = stack;
    const erased = await createPerson(stack, world.admin);
    await gqlOk(api.url, 'mutation($id: ID!) { erasePerson(id: $id) { id } }', { id: erased.id }, world.admin);
    const other = await createPerson(stack, world.admin);
    const taken = await gql(api.url, UPDATE, { id: other.id, i: { email: erased.email.toUpperCase() } }, world.admin);
    expect(taken.errors?.[0].extensions).toEqual({
      code: 'CONFLICT',
      fields: { email: 'is suppressed (erased or opted out)' },
    });
  });

  it('erasure leaves no member number in the audit trail', async () => {
    const { world, api, db } = stack;
    const person = await createPerson(stack, world.admin);
    const memberNumber = `SPU-${Date.now()}`;
    await gqlOk(
      api.url,
      'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id } }',
      { i: { personId: person.id, organizationId: world.orgA.id, role: 'MEMBER', memberNumber } },
      world.admin,
    );
    const before = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE changes::text LIKE $1`, [
      `%${memberNumber}%`,
    ]);
    expect(before.rows[0].n).toBeGreaterThan(0); // the test can fail: the number is in the trail at first
    await gqlOk(api.url, 'mutation($id: ID!) { erasePerson(id: $id) { id } }', { id: person.id }, world.admin);
    const after = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE changes::text LIKE $1`, [
      `%${memberNumber}%`,
    ]);
    expect(after.rows[0].n).toBe(0);
  });
});
