// QA review of mailings: a past `at` must not mail everyone at once, misspelled merge fields are
// refused instead of going out blank, and recipients a cancel stopped are not counted as failures.
import { Client } from 'pg';
import type { RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createWorld, World } from '../support/fixtures';
import type { SmtpSink } from '../support/smtp-sink';
import { sleep, waitFor } from '../support/wait-for';
import { createMailing, MailingStack, seedPeople, startMailingStack, waitForMailing } from './mailings-helpers';
import { createContacts, createList } from './press-fixtures';

jest.setTimeout(120_000);

const FIELDS = 'id status scheduledAt stats { recipients queued sent failed suppressed bounced cancelled }';
const SEND = `mutation($id: ID!, $at: DateTime) { sendMailing(id: $id, at: $at) { ${FIELDS} } }`;
const CREATE = 'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id subject } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateMailingInput!) { updateMailing(id: $id, input: $i) { id subject } }';
const ALLOWED = 'the merge fields are firstName, lastName, email, organization, campaign, unsubscribeUrl';

describe('mailings: input checks and cancelled recipients', () => {
  let stack: MailingStack;
  let sink: SmtpSink;
  let api: RunningApi;
  let world: World;
  let client: Client;

  beforeAll(async () => {
    stack = await startMailingStack({
      MAILING_RATE_PER_SECOND: '300',
      MAILING_BATCH_SIZE: '50',
      MAILING_RECONCILE_SECONDS: '1',
    });
    ({ sink, api, client } = stack);
    world = await createWorld(api.url);
  });
  afterAll(() => stack?.stop());

  const mailingOf = async (id: string) =>
    (await gqlOk(api.url, `query($id: ID!) { mailing(id: $id) { ${FIELDS} } }`, { id }, world.admin)).mailing;
  const deliveries = async (id: string) =>
    (
      await client.query(
        `SELECT status, count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 GROUP BY status`,
        [id],
      )
    ).rows.reduce((all, r) => ({ ...all, [r.status]: r.n }), {} as Record<string, number>);
  const receivedBy = (emails: string[]) => emails.filter((e) => sink.to(e).length > 0).length;

  it('refuses an `at` in the past (a wrong year) instead of mailing the whole audience; up to a minute back means now', async () => {
    const people = await seedPeople(client, world.orgA.id, 5, 'past');
    const mailing = await createMailing(api.url, world.admin, { tags: [people.tag] });

    const refused = await gql(api.url, SEND, { id: mailing.id, at: '2020-01-01T00:00:00Z' }, world.admin);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { at: 'must be in the future; leave it out to send now' },
    });
    expect(refused.data?.sendMailing ?? null).toBeNull();
    // Two minutes back is past the clock-skew allowance too.
    const twoMinutes = new Date(Date.now() - 120_000).toISOString();
    expect(
      (await gql(api.url, SEND, { id: mailing.id, at: twoMinutes }, world.admin)).errors?.[0].extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { at: expect.any(String) },
    });
    await sleep(500);
    expect(await mailingOf(mailing.id)).toMatchObject({ status: 'DRAFT', stats: { recipients: 0 } });
    expect(await deliveries(mailing.id)).toEqual({});
    expect(receivedBy(people.emails)).toBe(0);

    // A scheduled mailing cannot be moved into the past either.
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await gqlOk(api.url, SEND, { id: mailing.id, at: future }, world.admin)).sendMailing.status).toBe(
      'SCHEDULED',
    );
    expect(
      (await gql(api.url, SEND, { id: mailing.id, at: '2020-01-01T00:00:00Z' }, world.admin)).errors?.[0].extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { at: expect.any(String) },
    });
    expect((await mailingOf(mailing.id)).status).toBe('SCHEDULED');

    // Thirty seconds back (a client's clock a little behind) is "now".
    const other = await createMailing(api.url, world.admin, { tags: [people.tag] });
    const skewed = new Date(Date.now() - 30_000).toISOString();
    expect((await gqlOk(api.url, SEND, { id: other.id, at: skewed }, world.admin)).sendMailing).toMatchObject({
      status: 'SENDING',
      scheduledAt: null,
    });
    await waitFor(async () => (await mailingOf(other.id)).status === 'SENT', { what: 'the skewed-now mailing' });
    expect(receivedBy(people.emails)).toBe(5);
  });

  it('sending a scheduled mailing now clears its planned time', async () => {
    const people = await seedPeople(client, world.orgA.id, 2);
    const mailing = await createMailing(api.url, world.admin, { tags: [people.tag] });
    const later = new Date(Date.now() + 3600_000).toISOString();
    expect((await gqlOk(api.url, SEND, { id: mailing.id, at: later }, world.admin)).sendMailing.scheduledAt).toBe(
      later,
    );
    const now = (await gqlOk(api.url, SEND, { id: mailing.id }, world.admin)).sendMailing;
    expect(now).toMatchObject({ status: 'SENDING', scheduledAt: null });
    await waitForMailing(api.url, world.admin, mailing.id, { timeoutMs: 20_000 });
  });

  it('a press contact whose address belongs to an erased person is not mailed', async () => {
    const erased = `erased-contact-${Date.now()}@example.test`;
    const person = (
      await gqlOk(
        api.url,
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email: erased, firstName: 'Gone' } },
        world.admin,
      )
    ).createPerson;
    await gqlOk(api.url, 'mutation($id: ID!) { erasePerson(id: $id) { id } }', { id: person.id }, world.admin);
    const [contact] = await createContacts(api.url, world.press.token, 1, { email: erased });
    const list = await createList(api.url, world.press.token, [contact.id]);
    const mailing = await createMailing(api.url, world.press.token, { pressListIds: [list] });
    await gqlOk(api.url, SEND, { id: mailing.id }, world.press.token);
    const sent = await waitForMailing(api.url, world.press.token, mailing.id, { timeoutMs: 20_000 });
    expect(sent.stats).toMatchObject({ recipients: 1, sent: 0, suppressed: 1 });
    expect(sink.to(erased)).toHaveLength(0);
  });

  it('one message per address: a press contact who is also a selected person is mailed once, as the person', async () => {
    const people = await seedPeople(client, world.orgA.id, 2);
    const [contact] = await createContacts(api.url, world.press.token, 1, { email: people.emails[0] });
    const list = await createList(api.url, world.press.token, [contact.id]);
    const mailing = await createMailing(api.url, world.admin, { tags: [people.tag], pressListIds: [list] });
    await gqlOk(api.url, SEND, { id: mailing.id }, world.admin);
    const sent = await waitForMailing(api.url, world.admin, mailing.id, { timeoutMs: 20_000 });
    expect(sent.stats).toMatchObject({ recipients: 2, sent: 2 });
    await sleep(300); // a second message would show up here
    expect(sink.to(people.emails[0])).toHaveLength(1);
    expect(sink.to(people.emails[1])).toHaveLength(1);
  });

  it("an admin's mailing to a union's members names that union in {{organization}}, not an older membership", async () => {
    const people = await seedPeople(client, world.orgA.id, 1);
    await client.query(
      `INSERT INTO memberships (person_id, organization_id, role, created_at) VALUES ($1, $2, 'MEMBER', now() - interval '1 year')`,
      [people.ids[0], world.orgB.id],
    );
    const mailing = await createMailing(api.url, world.admin, { organizationIds: [world.orgA.id], tags: [people.tag] });
    await gqlOk(api.url, SEND, { id: mailing.id }, world.admin);
    await waitForMailing(api.url, world.admin, mailing.id, { timeoutMs: 20_000 });
    const [mail] = await waitFor(() => (sink.to(people.emails[0]).length ? sink.to(people.emails[0]) : null), {
      what: 'the message',
    });
    expect(mail.parsed.text).toContain(`of ${world.orgA.name},`);
  });

  it("an admin cannot add press lists to a union's mailing (it would reach nobody on them)", async () => {
    const people = await seedPeople(client, world.orgA.id, 1);
    const draft = await createMailing(api.url, world.staffA.token, { tags: [people.tag] });
    const list = { id: await createList(api.url, world.press.token, []) };
    const edit = await gql(
      api.url,
      UPDATE,
      { id: draft.id, i: { audience: { pressListIds: [list.id] } } },
      world.admin,
    );
    expect(edit.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: {
        'audience.pressListIds':
          "cannot be added to an organization's mailing: it reaches that organization's members only",
      },
    });
  });

  it('refuses unknown merge fields on create and update, naming the fields, the unknown names and the allowed ones', async () => {
    const input = {
      name: 'x',
      subject: 'Hi {{firstname}}',
      bodyTemplate: 'Hello {{firstName}} of {{organisation}}.',
      audience: { tags: ['t'] },
    };
    const created = await gql(api.url, CREATE, { i: input }, world.admin);
    expect(created.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(created.errors?.[0].extensions.fields).toEqual({
      subject: `unknown merge field {{firstname}} (did you mean {{firstName}}?); ${ALLOWED}`,
      bodyTemplate: `unknown merge field {{organisation}} (did you mean {{organization}}?); ${ALLOWED}`,
    });

    // Block helpers and their inner paths keep working.
    const ok = await gqlOk(
      api.url,
      CREATE,
      {
        i: {
          ...input,
          subject: '{{#if firstName}}Hi {{firstName}}{{else}}Hello{{/if}}',
          bodyTemplate:
            'Hello {{firstName}}{{#if organization}} of {{organization}}{{/if}}.{{#unless lastName}} (no surname){{/unless}}' +
            '{{#each firstName}}{{@index}}{{this}}{{/each}}{{#with email}} [{{this}} / {{../firstName}}]{{/with}}',
        },
      },
      world.admin,
    );
    const id = ok.createMailing.id;

    const update = (i: Record<string, unknown>) => gql(api.url, UPDATE, { id, i }, world.admin);
    expect((await update({ bodyTemplate: 'Dear {{frstName}} {{lastname}}' })).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        bodyTemplate: `unknown merge fields {{frstName}} (did you mean {{firstName}}?), {{lastname}} (did you mean {{lastName}}?); ${ALLOWED}`,
      },
    });
    expect((await update({ subject: 'Hi {{name}}' })).errors?.[0].extensions.fields).toEqual({
      subject: expect.stringContaining(`unknown merge field {{name}}`),
    });
    // Both broken at once: both reported, each parse error with its line and what was expected.
    const broken = await update({
      subject: 'Hi {{firstName',
      bodyTemplate: 'Dear {{firstName}},\n\n{{#if lastName}}x',
    });
    expect(broken.errors?.[0].extensions.fields).toEqual({
      subject: expect.stringMatching(
        /^is not a valid template: Parse error on line 1, after “Hi \{\{”: expecting 'ID', .+, got 'INVALID'$/,
      ),
      bodyTemplate: expect.stringMatching(
        /^is not a valid template: Parse error on line 3, .*expecting .*'OPEN_ENDBLOCK'.*, got 'EOF'$/,
      ),
    });
    // Unchanged by the refused edits.
    expect(
      (await gqlOk(api.url, `query($id: ID!) { mailing(id: $id) { subject } }`, { id }, world.admin)).mailing.subject,
    ).toBe('{{#if firstName}}Hi {{firstName}}{{else}}Hello{{/if}}');

    // What is accepted renders as written.
    const people = await seedPeople(client, world.orgA.id, 1, 'blocks');
    await client.query(`UPDATE people SET last_name = NULL WHERE id = $1`, [people.ids[0]]);
    await gqlOk(api.url, UPDATE, { id, i: { audience: { tags: [people.tag] } } }, world.admin);
    await gqlOk(api.url, SEND, { id }, world.admin);
    await waitFor(async () => (await mailingOf(id)).status === 'SENT', { what: 'the block-helper mailing' });
    const [mail] = sink.to(people.emails[0]);
    expect(mail.parsed.subject).toBe('Hi First1');
    expect(mail.parsed.text).toContain(
      `Hello First1 of ${world.orgA.name}. (no surname) [${people.emails[0]} / First1]`,
    );
  });

  it('pause, resume, cancel: the recipients the cancel stopped are CANCELLED, not FAILED, in stats and in the database', async () => {
    const people = await seedPeople(client, world.orgA.id, 900, 'cxl');
    const mailing = await createMailing(api.url, world.admin, { tags: [people.tag] });
    await gqlOk(api.url, SEND, { id: mailing.id }, world.admin);
    await waitFor(async () => (await mailingOf(mailing.id)).stats.sent >= 50, { what: 'some progress' });
    await gqlOk(api.url, 'mutation($id: ID!) { pauseMailing(id: $id) { status } }', { id: mailing.id }, world.admin);
    await gqlOk(api.url, 'mutation($id: ID!) { resumeMailing(id: $id) { status } }', { id: mailing.id }, world.admin);
    await waitFor(async () => (await mailingOf(mailing.id)).stats.sent >= 100, { what: 'more progress' });
    await gqlOk(api.url, 'mutation($id: ID!) { cancelMailing(id: $id) { status } }', { id: mailing.id }, world.admin);
    const inFlight = async () =>
      (
        await client.query(
          `SELECT count(*)::int AS n FROM mailing_deliveries WHERE mailing_id = $1 AND status IN ('QUEUED', 'SENDING')`,
          [mailing.id],
        )
      ).rows[0].n;
    await waitFor(async () => (await inFlight()) === 0, { timeoutMs: 10000, what: 'nothing left queued' });
    await sleep(500);

    const final = await mailingOf(mailing.id);
    const sent = receivedBy(people.emails);
    expect(final.status).toBe('CANCELLED');
    expect(sent).toBeLessThan(900);
    expect(final.stats).toEqual({
      recipients: 900,
      queued: 0,
      sent,
      failed: 0,
      suppressed: 0,
      bounced: 0,
      cancelled: 900 - sent,
    });
    expect(await deliveries(mailing.id)).toEqual({ SENT: sent, CANCELLED: 900 - sent });
    // Never attempted: no attempt spent, no error.
    const { rows } = await client.query(
      `SELECT max(attempts)::int AS attempts, count(error)::int AS errors FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'CANCELLED'`,
      [mailing.id],
    );
    expect(rows[0]).toEqual({ attempts: 0, errors: 0 });
    // "Did my email go out?" answers CANCELLED for someone not reached.
    const notReached = people.emails.find((e) => sink.to(e).length === 0)!;
    expect(
      (
        await gqlOk(
          api.url,
          'query($id: ID!, $e: String!) { mailing(id: $id) { deliveryStatus(email: $e) } }',
          { id: mailing.id, e: notReached },
          world.admin,
        )
      ).mailing.deliveryStatus,
    ).toBe('CANCELLED');
  });
});
