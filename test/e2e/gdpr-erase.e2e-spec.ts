// Issue 13: erasePerson / deletePerson remove a person's personal data from every table, keep an
// irreversible suppression hash (no re-import, no mailing), and keep campaign counts right.
import { gql, gqlOk } from '../support/gql';
import { uniqueEmail } from '../support/fixtures';
import { uploadCsv, waitForImport } from './imports/imports-helpers';
import {
  addMembership,
  code,
  createActiveCampaign,
  createPerson,
  GdprStack,
  recordSignature,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const ERASE =
  'mutation($id: ID!) { erasePerson(id: $id) { id email firstName lastName emailStatus erasedAt tags memberships { id } } }';
const DELETE = 'mutation($id: ID!) { deletePerson(id: $id) }';
const COUNTS = 'query($id: ID!) { campaign(id: $id) { signatureCount verifiedSignatureCount } }';

describe('gdpr: erasure', () => {
  let stack: GdprStack;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  /** Every text-like column of every table of the schema that holds one of `needles` (case-insensitive). */
  async function columnsHolding(needles: string[]): Promise<string[]> {
    const { rows: columns } = await stack.db.query(
      `SELECT table_name, column_name FROM information_schema.columns c
       WHERE table_schema = current_schema() AND (data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY') OR udt_name = 'citext')
         AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`,
    );
    expect(columns.length).toBeGreaterThan(30);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await stack.db.query(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE ANY($1::text[])`,
        [needles.map((n) => `%${n}%`)],
      );
      if (rows[0].n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  /** A person known everywhere: membership, tags, phone, a signature with consent text, a task, a mailing delivery, audit events. */
  async function personEverywhere(campaignId: string) {
    const person = await createPerson(stack, stack.world.staffA.token, {
      phone: `+1 555 ${Math.floor(Math.random() * 1e7)}`,
      tags: ['erasable'],
      consentText: 'Agreed at the rally.',
    });
    const secrets = {
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName!,
      phone: (await stack.db.query(`SELECT phone FROM people WHERE id = $1`, [person.id])).rows[0].phone,
    };
    await gqlOk(
      stack.api.url,
      'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id } }',
      { id: person.id, i: { lastName: `${secrets.lastName}`, country: 'FR' } },
      stack.world.staffA.token,
    );
    const signatureId = await recordSignature(stack, campaignId, person.id, stack.world.orgA.id);
    await gqlOk(
      stack.api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { id } }',
      { id: signatureId },
      stack.world.admin,
    );
    await gqlOk(
      stack.api.url,
      'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id } }',
      {
        i: {
          kind: 'CALL',
          title: `Call ${secrets.firstName} ${secrets.lastName} at ${secrets.phone}`,
          personId: person.id,
        },
      },
      stack.world.staffA.token,
    );
    const mailing = (
      await gqlOk(
        stack.api.url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        {
          i: {
            name: 'Before',
            subject: 'Hi',
            bodyTemplate: 'Hello {{firstName}}',
            audience: { organizationIds: [stack.world.orgA.id] },
          },
        },
        stack.world.staffA.token,
      )
    ).createMailing;
    await stack.db.query(
      `INSERT INTO mailing_deliveries (mailing_id, person_id, status, error) VALUES ($1, $2, 'FAILED', $3)`,
      [mailing.id, person.id, `550 <${secrets.email}> mailbox full`],
    );
    return { person, secrets, signatureId };
  }

  it('leaves no email, name or phone in any column of any table; counts stay; re-import is refused as suppressed; mailings skip the address', async () => {
    const campaign = await createActiveCampaign(stack);
    const { person, secrets, signatureId } = await personEverywhere(campaign.id);
    const needles = Object.values(secrets);
    expect(await columnsHolding(needles)).toEqual(
      expect.arrayContaining([
        'people.email',
        'people.first_name',
        'audit_events.changes',
        'outreach_tasks.title',
        'mailing_deliveries.error',
      ]),
    );
    const countsBefore = (await gqlOk(stack.api.url, COUNTS, { id: campaign.id }, stack.world.admin)).campaign;
    const membershipIds = (
      await stack.db.query(`SELECT id FROM memberships WHERE person_id = $1`, [person.id])
    ).rows.map((m) => m.id);
    expect(membershipIds.length).toBeGreaterThan(0);

    const erased = (await gqlOk(stack.api.url, ERASE, { id: person.id }, stack.world.admin)).erasePerson;
    expect(erased).toMatchObject({
      id: person.id,
      firstName: 'Erased',
      lastName: null,
      emailStatus: 'UNSUBSCRIBED',
      erasedAt: expect.any(String),
      tags: [],
      memberships: [],
    });
    expect(await columnsHolding(needles)).toEqual([]);
    expect((await gqlOk(stack.api.url, COUNTS, { id: campaign.id }, stack.world.admin)).campaign).toEqual(countsBefore);
    const { rows: audit } = await stack.db.query(
      `SELECT action FROM audit_events WHERE entity = 'people' AND entity_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [person.id],
    );
    expect(audit[0].action).toBe('erase');
    // Issue 15: the raw writes of the erasure record their rows' events (same transaction).
    const lastAction = async (entity: string, id: string) =>
      (
        await stack.db.query(
          `SELECT action FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
          [entity, id],
        )
      ).rows[0]?.action;
    expect(await lastAction('signatures', signatureId)).toBe('erase');
    const { rows: tasks } = await stack.db.query(`SELECT id FROM outreach_tasks WHERE person_id = $1`, [person.id]);
    expect(tasks.length).toBe(1);
    expect(await lastAction('outreach_tasks', tasks[0].id)).toBe('erase');
    for (const id of membershipIds) expect(await lastAction('memberships', id)).toBe('delete');

    const upload = await uploadCsv(
      stack.api.url,
      stack.world.admin,
      `email,first_name\n${secrets.email.toUpperCase()},Again\n${uniqueEmail('fresh')},Fresh\n`,
    );
    const job = await waitForImport(stack.api.url, stack.world.admin, upload.json.id);
    expect(job).toMatchObject({
      created: 1,
      failed: 1,
      errors: [{ row: 2, message: expect.stringContaining('suppressed') }],
    });
    const again = await gql(
      stack.api.url,
      'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
      { i: { email: secrets.email, firstName: 'Again' } },
      stack.world.admin,
    );
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: { email: expect.stringContaining('suppressed') },
    });

    // A mailing to the campaign's signatories (the erased person's signature still counts) skips them.
    const mailing = (
      await gqlOk(
        stack.api.url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        { i: { name: 'After', subject: 'Hi', bodyTemplate: 'Hello', audience: { campaignId: campaign.id } } },
        stack.world.admin,
      )
    ).createMailing;
    await gqlOk(
      stack.api.url,
      'mutation($id: ID!) { sendMailing(id: $id) { id } }',
      { id: mailing.id },
      stack.world.admin,
    );
    const { rows: deliveries } = await stack.db.query(
      `SELECT person_id FROM mailing_deliveries WHERE mailing_id = $1`,
      [mailing.id],
    );
    expect(deliveries.map((d) => d.person_id)).not.toContain(person.id);
    expect(stack.sink.to(secrets.email)).toEqual([]);
  });

  it('deletePerson is an erasure too; erasing twice is a CONFLICT', async () => {
    const person = await createPerson(stack, stack.world.staffA.token);
    expect((await gqlOk(stack.api.url, DELETE, { id: person.id }, stack.world.staffA.token)).deletePerson).toBe(true);
    expect(await columnsHolding([person.email, person.firstName])).toEqual([]);
    expect(code(await gql(stack.api.url, DELETE, { id: person.id }, stack.world.admin))).toBe('CONFLICT');
    expect(code(await gql(stack.api.url, ERASE, { id: person.id }, stack.world.admin))).toBe('CONFLICT');
  });

  it("scoping: staff erase only people no other organization holds (FORBIDDEN), others' people are NOT_FOUND, press FORBIDDEN", async () => {
    const shared = await createPerson(stack, stack.world.staffA.token);
    await addMembership(stack, shared.id, stack.world.orgB.id);
    for (const mutation of [ERASE, DELETE]) {
      expect(code(await gql(stack.api.url, mutation, { id: shared.id }, stack.world.staffA.token))).toBe('FORBIDDEN');
      const own = await createPerson(stack, stack.world.staffA.token);
      expect(code(await gql(stack.api.url, mutation, { id: own.id }, stack.world.staffB.token))).toBe('NOT_FOUND');
      expect(code(await gql(stack.api.url, mutation, { id: own.id }, stack.world.press.token))).toBe('FORBIDDEN');
    }
    const { rows } = await stack.db.query(`SELECT email, erased_at FROM people WHERE id = $1`, [shared.id]);
    expect(rows[0]).toEqual({ email: shared.email, erased_at: null });
  });

  it.each([
    ['erasePerson', ERASE],
    ['deletePerson', DELETE],
  ])('bad input: %s with an id that is no uuid names id', async (_name, mutation) => {
    const result = await gql(stack.api.url, mutation, { id: 'not-a-person' }, stack.world.admin);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { id: 'must be a person id' },
    });
  });
});
