// Issue 13 consent log and issue 11: people.email_status is derived from consent_events, staff
// cannot re-subscribe anyone, a confirmed public sign-up can.
import { gql, gqlOk } from '../support/gql';
import { uniqueEmail } from '../support/fixtures';
import { uploadCsv, waitForImport } from './imports/imports-helpers';
import {
  code,
  createActiveCampaign,
  createPerson,
  GdprStack,
  signPublicly,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const EVENTS =
  'query($id: ID!, $first: Int) { person(id: $id) { id emailStatus consentEvents(first: $first) { status source textShown actorUserId ipHash importId } } }';
const UPDATE = 'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id emailStatus } }';

describe('gdpr: consent log', () => {
  let stack: GdprStack;
  const events = async (id: string, token = stack.world.admin, first?: number) =>
    (await gqlOk(stack.api.url, EVENTS, { id, first }, token)).person;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  it('logs creation and every status change, newest first, and the status is the latest event', async () => {
    const person = await createPerson(stack, stack.world.staffA.token, { consentText: 'Agreed on the phone.' });
    await gqlOk(stack.api.url, UPDATE, { id: person.id, i: { emailStatus: 'UNSUBSCRIBED' } }, stack.world.staffA.token);
    await gqlOk(stack.api.url, UPDATE, { id: person.id, i: { emailStatus: 'SPAM_COMPLAINT' } }, stack.world.admin);
    const seen = await events(person.id, stack.world.staffA.token);
    expect(seen.emailStatus).toBe('SPAM_COMPLAINT');
    expect(seen.consentEvents).toEqual([
      expect.objectContaining({ status: 'SPAM_COMPLAINT', source: 'ADMIN' }),
      expect.objectContaining({ status: 'UNSUBSCRIBED', source: 'STAFF', actorUserId: stack.world.staffA.id }),
      expect.objectContaining({ status: 'SUBSCRIBED', source: 'STAFF', textShown: 'Agreed on the phone.' }),
    ]);
    expect((await events(person.id, stack.world.admin, 1)).consentEvents).toHaveLength(1);
    // Derived: in the whole database, every person's status is that of their latest event.
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS wrong FROM people p WHERE p.email_status IS DISTINCT FROM
         (SELECT e.status FROM consent_events e WHERE e.person_id = p.id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)`,
    );
    expect(rows[0].wrong).toBe(0);
    // Issue 15: the consent code's set-based write records each change in the audit trail too, with its actor.
    const { rows: audit } = await stack.db.query(
      `SELECT actor_user_id, changes FROM audit_events WHERE entity = 'people' AND entity_id = $1 AND action = 'consent' ORDER BY occurred_at, id`,
      [person.id],
    );
    expect(audit.map((a) => [a.changes.before.emailStatus, a.changes.after.emailStatus])).toEqual([
      ['SUBSCRIBED', 'SUBSCRIBED'],
      ['SUBSCRIBED', 'UNSUBSCRIBED'],
      ['UNSUBSCRIBED', 'SPAM_COMPLAINT'],
    ]);
    expect(audit[1].actor_user_id).toBe(stack.world.staffA.id);
  });

  it.each(['UNSUBSCRIBED', 'BOUNCING'])(
    'staff and admins cannot set a %s person back to SUBSCRIBED (BAD_USER_INPUT naming emailStatus)',
    async (status) => {
      const person = await createPerson(stack, stack.world.staffA.token);
      await gqlOk(stack.api.url, UPDATE, { id: person.id, i: { emailStatus: status } }, stack.world.staffA.token);
      for (const token of [stack.world.staffA.token, stack.world.admin]) {
        const result = await gql(
          stack.api.url,
          UPDATE,
          { id: person.id, i: { emailStatus: 'SUBSCRIBED', firstName: 'Changed' } },
          token,
        );
        expect(result.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: { emailStatus: expect.stringContaining('only the person') },
        });
      }
      const after = await events(person.id);
      expect(after.emailStatus).toBe(status);
      expect(after.consentEvents).toHaveLength(2);
    },
  );

  it('a confirmed public sign-up is the way back: it records a new SUBSCRIBED event with the text shown and an address hash', async () => {
    const campaign = await createActiveCampaign(stack);
    const person = await createPerson(stack, stack.world.staffA.token);
    await gqlOk(stack.api.url, UPDATE, { id: person.id, i: { emailStatus: 'UNSUBSCRIBED' } }, stack.world.staffA.token);
    await signPublicly(
      stack,
      campaign.slug,
      { email: person.email.toUpperCase(), consentText: 'Keep me posted about the letter.' },
      false,
    );
    expect((await events(person.id)).emailStatus).toBe('UNSUBSCRIBED'); // signing alone proves nothing
    await signPublicly(stack, campaign.slug, { email: person.email, consentText: 'Keep me posted about the letter.' });
    const after = await events(person.id);
    expect(after.emailStatus).toBe('SUBSCRIBED');
    expect(after.consentEvents[0]).toMatchObject({
      status: 'SUBSCRIBED',
      source: 'PUBLIC_SIGNUP',
      textShown: 'Keep me posted about the letter.',
      actorUserId: null,
      ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('a new signer gets a PUBLIC_SIGNUP event; an imported person an IMPORT event naming the import', async () => {
    const campaign = await createActiveCampaign(stack);
    const signer = uniqueEmail('signer');
    await signPublicly(stack, campaign.slug, { email: signer }, false);
    const {
      rows: [created],
    } = await stack.db.query(`SELECT id FROM people WHERE email = $1`, [signer]);
    expect((await events(created.id)).consentEvents).toEqual([
      expect.objectContaining({ status: 'SUBSCRIBED', source: 'PUBLIC_SIGNUP', ipHash: expect.any(String) }),
    ]);

    const imported = uniqueEmail('imported');
    const upload = await uploadCsv(stack.api.url, stack.world.admin, `email,first_name\n${imported},Imma\n`);
    await waitForImport(stack.api.url, stack.world.admin, upload.json.id);
    const {
      rows: [person],
    } = await stack.db.query(`SELECT id FROM people WHERE email = $1`, [imported]);
    expect((await events(person.id)).consentEvents).toEqual([
      expect.objectContaining({ status: 'SUBSCRIBED', source: 'IMPORT', importId: upload.json.id }),
    ]);
  });

  it("scoping: another organization's staff cannot read the log (NOT_FOUND); press officers are FORBIDDEN", async () => {
    const person = await createPerson(stack, stack.world.staffA.token);
    expect(code(await gql(stack.api.url, EVENTS, { id: person.id }, stack.world.staffB.token))).toBe('NOT_FOUND');
    expect(code(await gql(stack.api.url, EVENTS, { id: person.id }, stack.world.press.token))).toBe('FORBIDDEN');
  });

  it('bad input: consentEvents(first: 0) is BAD_USER_INPUT naming first', async () => {
    const person = await createPerson(stack, stack.world.staffA.token);
    const result = await gql(stack.api.url, EVENTS, { id: person.id, first: 0 }, stack.world.admin);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { first: expect.any(String) },
    });
  });
});
