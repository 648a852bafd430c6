// Issue 13 (everyday work), updates and deletes: campaign, commitment, press contact (incl.
// do-not-contact), press list, draft mailing; deleting a draft mailing, a draft release and a
// press contact (anonymized, the release's send record kept). Each with scoping and a bad input.
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { database } from '../support/db';
import { gql, gqlOk } from '../support/gql';
import { createWorld, unique, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';
import { approvedRelease, createContacts, createList, createRelease, schedule, statusOf } from './press-fixtures';

jest.setTimeout(90000);

describe('crm2: updates and deletes', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let w: World;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '500', MAILING_RECONCILE_SECONDS: '1' });
    api = await startApi(env);
    worker = await startWorker(env);
    w = await createWorld(api.url);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const errorOf = (result: { errors?: { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  const auditOf = async (entity: string, id: string) =>
    (
      await gqlOk(
        api.url,
        `{ auditEvents(first: 200, entity: "${entity}", entityId: "${id}") { edges { node { action changes } } } }`,
        {},
        w.admin,
      )
    ).auditEvents.edges.map((e: any) => ({ action: e.node.action, changes: JSON.parse(e.node.changes) }));

  it('updateCampaign: title, statement, goal (null clears it); CONFLICT once closed; admins only', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdateCampaignInput!) { updateCampaign(id: $id, input: $i) { id slug title statement signatureGoal status } }';
    const { createCampaign: c } = await gqlOk(
      api.url,
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id slug } }',
      { i: { slug: `edit-${Date.now()}`, title: 'Old', statement: 'Old text', signatureGoal: 100 } },
      w.admin,
    );
    const edited = (
      await gqlOk(api.url, UPDATE, { id: c.id, i: { title: 'Stealing Isn’t Innovation', signatureGoal: 800 } }, w.admin)
    ).updateCampaign;
    expect(edited).toEqual({
      id: c.id,
      slug: c.slug,
      title: 'Stealing Isn’t Innovation',
      statement: 'Old text',
      signatureGoal: 800,
      status: 'DRAFT',
    });
    expect(
      (await gqlOk(api.url, UPDATE, { id: c.id, i: { signatureGoal: null, statement: 'New text' } }, w.admin))
        .updateCampaign,
    ).toMatchObject({ signatureGoal: null, statement: 'New text', title: 'Stealing Isn’t Innovation' });
    expect((await auditOf('campaigns', c.id)).find((e: any) => e.action === 'update').changes).toMatchObject({
      before: { title: 'Old' },
      after: { title: 'Stealing Isn’t Innovation' },
    });

    expect(errorOf(await gql(api.url, UPDATE, { id: c.id, i: { title: 'x' } }, w.staffA.token))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: c.id, i: { title: null } }, w.admin))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { title: 'must not be null' },
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: c.id, i: { signatureGoal: 0 } }, w.admin))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { signatureGoal: 'must be a positive number' },
    });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: '00000000-0000-7000-8000-000000000000', i: { title: 'x' } }, w.admin)),
    ).toMatchObject({ code: 'NOT_FOUND' });
    await gqlOk(api.url, 'mutation($id: ID!) { activateCampaign(id: $id) { id } }', { id: c.id }, w.admin);
    await gqlOk(api.url, 'mutation($id: ID!) { closeCampaign(id: $id) { status } }', { id: c.id }, w.admin);
    expect(errorOf(await gql(api.url, UPDATE, { id: c.id, i: { title: 'Too late' } }, w.admin))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is CLOSED' },
    });
  });

  it('updateCommitment: description, target, due date; the status follows the target; own organization only', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdateCommitmentInput!) { updateCommitment(id: $id, input: $i) { id description target dueAt status progress } }';
    const create = async (token: string, org: string) =>
      (
        await gqlOk(
          api.url,
          'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id status } }',
          { i: { organizationId: org, kind: 'AMPLIFY', description: 'Share the letter', target: 10 } },
          token,
        )
      ).createCommitment.id as string;
    const mine = await create(w.staffA.token, w.orgA.id);
    await gqlOk(
      api.url,
      'mutation($id: ID!) { updateCommitmentProgress(id: $id, progress: 4) { id } }',
      { id: mine },
      w.staffA.token,
    );
    const due = '2031-03-10T09:00:00.000Z';
    expect(
      (await gqlOk(api.url, UPDATE, { id: mine, i: { description: 'Share it twice', dueAt: due } }, w.staffA.token))
        .updateCommitment,
    ).toMatchObject({ description: 'Share it twice', dueAt: due, target: 10, status: 'IN_PROGRESS', progress: 4 });
    expect(
      (await gqlOk(api.url, UPDATE, { id: mine, i: { target: 4 } }, w.staffA.token)).updateCommitment,
    ).toMatchObject({ target: 4, status: 'MET' });
    expect(
      (await gqlOk(api.url, UPDATE, { id: mine, i: { target: 8, dueAt: null } }, w.staffA.token)).updateCommitment,
    ).toMatchObject({ target: 8, dueAt: null, status: 'IN_PROGRESS' });
    // Once its due date passed with the target unmet, a commitment shows MISSED; a later due date reopens it.
    const db = await database();
    try {
      await db.query(`UPDATE commitments SET due_at = now() - interval '1 day' WHERE id = $1`, [mine]);
    } finally {
      await db.end();
    }
    const STATUS = 'query($o: ID) { commitments(organizationId: $o) { id status atRisk } }';
    const listed = (await gqlOk(api.url, STATUS, { o: w.orgA.id }, w.staffA.token)).commitments;
    expect(listed.find((c: { id: string }) => c.id === mine)).toEqual({ id: mine, status: 'MISSED', atRisk: true });
    expect(
      (await gqlOk(api.url, UPDATE, { id: mine, i: { dueAt: due } }, w.staffA.token)).updateCommitment.status,
    ).toBe('IN_PROGRESS');
    // Without a target nothing makes a commitment MET but a declaration; with one, its progress does.
    const funding = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }',
        { i: { organizationId: w.orgA.id, kind: 'FUNDING', description: 'Pay the lawyers' } },
        w.staffA.token,
      )
    ).createCommitment.id;
    const MARK = 'mutation($id: ID!) { markCommitmentMet(id: $id) { status } }';
    expect((await gqlOk(api.url, MARK, { id: funding }, w.staffA.token)).markCommitmentMet.status).toBe('MET');
    expect(
      (
        await gqlOk(
          api.url,
          'mutation($id: ID!) { updateCommitmentProgress(id: $id, progress: 2) { status } }',
          { id: funding },
          w.staffA.token,
        )
      ).updateCommitmentProgress.status,
    ).toBe('MET');
    expect(errorOf(await gql(api.url, MARK, { id: funding }, w.staffA.token))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await gql(api.url, MARK, { id: mine }, w.staffA.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { id: 'has a target: its status follows the progress' },
    });
    expect(errorOf(await gql(api.url, MARK, { id: funding }, w.staffB.token))).toMatchObject({ code: 'FORBIDDEN' });
    // A recruitment commitment needs a campaign and a target: both named at once when both are missing.
    expect(
      errorOf(
        await gql(
          api.url,
          'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }',
          { i: { organizationId: w.orgA.id, kind: 'RECRUIT_SIGNATORIES', description: 'Recruit' } },
          w.staffA.token,
        ),
      ),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { campaignId: 'is required for RECRUIT_SIGNATORIES', target: 'is required for RECRUIT_SIGNATORIES' },
    });
    // A due date in the past is a typo, not a pledge: refused on update and on create.
    expect(
      errorOf(await gql(api.url, UPDATE, { id: mine, i: { dueAt: '2020-01-01T00:00:00Z' } }, w.staffA.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { dueAt: 'must be in the future' } });
    expect(
      errorOf(
        await gql(
          api.url,
          'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }',
          { i: { organizationId: w.orgA.id, kind: 'FUNDING', description: 'Past', dueAt: '2020-01-01T00:00:00Z' } },
          w.staffA.token,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { dueAt: 'must be in the future' } });

    const theirs = await create(w.staffB.token, w.orgB.id);
    expect(
      errorOf(await gql(api.url, UPDATE, { id: theirs, i: { description: 'Hijack' } }, w.staffA.token)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await gql(api.url, UPDATE, { id: mine, i: { target: -1 } }, w.staffA.token))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { target: 'must be a positive number' },
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: mine, i: { description: '' } }, w.staffA.token))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { description: 'must not be empty' },
    });
    await gqlOk(api.url, 'mutation($id: ID!) { withdrawCommitment(id: $id) { id } }', { id: theirs }, w.staffB.token);
    expect(errorOf(await gql(api.url, UPDATE, { id: theirs, i: { target: 3 } }, w.staffB.token))).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('updatePressContact: do-not-contact, beat, outlet (created on first use, null removes it); email stays unique', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdatePressContactInput!) { updatePressContact(id: $id, input: $i) { id name email beat doNotContact outlet { name } } }';
    const [contact, other] = await createContacts(api.url, w.press.token, 2);
    const outletName = unique('Signal Wire');
    const updated = (
      await gqlOk(
        api.url,
        UPDATE,
        { id: contact.id, i: { doNotContact: true, beat: 'AI policy', outletName } },
        w.press.token,
      )
    ).updatePressContact;
    expect(updated).toMatchObject({
      id: contact.id,
      email: contact.email,
      beat: 'AI policy',
      doNotContact: true,
      outlet: { name: outletName },
    });
    expect(
      (await gqlOk(api.url, UPDATE, { id: contact.id, i: { outletName: null, beat: null } }, w.press.token))
        .updatePressContact,
    ).toMatchObject({ outlet: null, beat: null, doNotContact: true });
    expect(
      (await auditOf('press_contacts', contact.id)).some(
        (e: any) => e.changes.after?.doNotContact === true && e.changes.before?.doNotContact === false,
      ),
    ).toBe(true);

    // A do-not-contact journalist is not mailed with the release sent to their list.
    const list = await createList(api.url, w.press.token, [contact.id, other.id]);
    const release = await approvedRelease(api.url, w.press.token, w.admin, { pressListIds: [list] });
    await schedule(api.url, w.press.token, release, new Date(Date.now() + 1500));
    await waitFor(() => sink.to(other.email).length > 0, { timeoutMs: 15000, what: 'the release mail' });
    expect(sink.to(contact.email)).toHaveLength(0);

    expect(
      errorOf(await gql(api.url, UPDATE, { id: contact.id, i: { email: other.email } }, w.press.token)),
    ).toMatchObject({ code: 'CONFLICT', fields: { email: 'is already taken' } });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: contact.id, i: { email: 'not-an-email' } }, w.press.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: 'must be an email address' } });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: contact.id, i: { doNotContact: null } }, w.press.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { doNotContact: 'must not be null' } });
    expect(errorOf(await gql(api.url, UPDATE, { id: contact.id, i: { beat: 'x' } }, w.staffA.token))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('updatePressList: rename, add and remove contacts; names stay unique; unknown contacts refused', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdatePressListInput!) { updatePressList(id: $id, input: $i) { id name contacts { id } } }';
    const [c1, c2, c3] = await createContacts(api.url, w.press.token, 3);
    const list = await createList(api.url, w.press.token, [c1.id, c2.id]);
    const otherList = await createList(api.url, w.press.token, []);
    const otherName = (await gqlOk(api.url, '{ pressLists { id name } }', {}, w.press.token)).pressLists.find(
      (l: { id: string }) => l.id === otherList,
    ).name;
    const name = unique('Tech & Culture reporters');
    const updated = (
      await gqlOk(
        api.url,
        UPDATE,
        { id: list, i: { name, addContactIds: [c3.id, c1.id], removeContactIds: [c2.id] } },
        w.press.token,
      )
    ).updatePressList;
    expect(updated.name).toBe(name);
    expect(updated.contacts.map((c: { id: string }) => c.id).sort()).toEqual([c1.id, c3.id].sort());
    expect((await auditOf('press_lists', list)).map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['update', 'update.contacts']),
    );

    expect(
      errorOf(await gql(api.url, UPDATE, { id: list, i: { name: otherName.toUpperCase() } }, w.press.token)),
    ).toMatchObject({ code: 'CONFLICT', fields: { name: 'is already taken' } });
    expect(
      errorOf(
        await gql(
          api.url,
          UPDATE,
          { id: list, i: { addContactIds: ['00000000-0000-7000-8000-000000000000'] } },
          w.press.token,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { addContactIds: expect.any(String) } });
    expect(errorOf(await gql(api.url, UPDATE, { id: list, i: { addContactIds: ['x'] } }, w.press.token))).toMatchObject(
      { code: 'BAD_USER_INPUT', fields: { addContactIds: expect.any(String) } },
    );
    // Two lists (or contacts) created at once under one name: one is created, the other is a CONFLICT.
    const raceName = unique('Race list');
    const raced = await Promise.all(
      [0, 1, 2, 3].map(() =>
        gql(
          api.url,
          'mutation($n: String!) { createPressList(name: $n, contactIds: []) { id } }',
          { n: raceName },
          w.press.token,
        ),
      ),
    );
    expect(raced.map((r) => errorOf(r)?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const raceEmail = uniqueEmail('race-contact');
    const contacts = await Promise.all(
      [0, 1, 2, 3].map(() =>
        gql(
          api.url,
          'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
          { i: { name: 'Race', email: raceEmail } },
          w.press.token,
        ),
      ),
    );
    expect(contacts.map((r) => errorOf(r)?.code ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    // A deleted contact has left every list and cannot join a new one.
    const [gone] = await createContacts(api.url, w.press.token, 1);
    await gqlOk(api.url, 'mutation($id: ID!) { deletePressContact(id: $id) }', { id: gone.id }, w.press.token);
    expect(
      errorOf(
        await gql(
          api.url,
          'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
          { n: unique('With deleted'), c: [gone.id] },
          w.press.token,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { contactIds: expect.any(String) } });
    // Adding and removing the same contact at once is a contradiction, not a silent add.
    expect(
      errorOf(
        await gql(
          api.url,
          UPDATE,
          { id: list, i: { addContactIds: [c2.id], removeContactIds: [c2.id] } },
          w.press.token,
        ),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { removeContactIds: expect.stringContaining('addContactIds') } });
    expect(errorOf(await gql(api.url, UPDATE, { id: list, i: { name: 'Mine now' } }, w.staffA.token))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      errorOf(
        await gql(api.url, UPDATE, { id: '00000000-0000-7000-8000-000000000000', i: { name: 'x' } }, w.press.token),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('updateMailing and deleteMailing: only while DRAFT (else CONFLICT); out of scope NOT_FOUND; audience re-checked', async () => {
    const UPDATE =
      'mutation($id: ID!, $i: UpdateMailingInput!) { updateMailing(id: $id, input: $i) { id name subject status } }';
    const DELETE = 'mutation($id: ID!) { deleteMailing(id: $id) }';
    const create = async () =>
      (
        await gqlOk(
          api.url,
          'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
          {
            i: {
              name: 'Draft',
              subject: 'Hi',
              bodyTemplate: 'Body {{unsubscribeUrl}}',
              audience: { organizationIds: [w.orgA.id] },
            },
          },
          w.staffA.token,
        )
      ).createMailing.id as string;
    const draft = await create();
    expect(
      (
        await gqlOk(
          api.url,
          UPDATE,
          { id: draft, i: { name: 'Launch mail', subject: 'Sign, {{firstName}}' } },
          w.staffA.token,
        )
      ).updateMailing,
    ).toEqual({ id: draft, name: 'Launch mail', subject: 'Sign, {{firstName}}', status: 'DRAFT' });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: draft, i: { subject: 'Hi {{#if}}' } }, w.staffA.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { subject: expect.any(String) } });
    expect(
      errorOf(
        await gql(api.url, UPDATE, { id: draft, i: { audience: { organizationIds: [w.orgB.id] } } }, w.staffA.token),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await gql(api.url, UPDATE, { id: draft, i: { name: null } }, w.staffA.token))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { name: 'must not be null' },
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: draft, i: { name: 'Theirs' } }, w.staffB.token))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(errorOf(await gql(api.url, DELETE, { id: draft }, w.staffB.token))).toMatchObject({ code: 'NOT_FOUND' });

    const sent = await create();
    await gqlOk(api.url, 'mutation($id: ID!) { cancelMailing(id: $id) { id } }', { id: sent }, w.staffA.token);
    expect(errorOf(await gql(api.url, UPDATE, { id: sent, i: { name: 'Late' } }, w.staffA.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is CANCELLED' },
    });
    expect(errorOf(await gql(api.url, DELETE, { id: sent }, w.staffA.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is CANCELLED' },
    });

    expect((await gqlOk(api.url, DELETE, { id: draft }, w.staffA.token)).deleteMailing).toBe(true);
    expect((await gqlOk(api.url, `{ mailing(id: "${draft}") { id } }`, {}, w.admin)).mailing).toBeNull();
    expect((await auditOf('mailings', draft)).map((e: any) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(errorOf(await gql(api.url, DELETE, { id: draft }, w.staffA.token))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletePressRelease: a DRAFT only (else CONFLICT); press desk only', async () => {
    const DELETE = 'mutation($id: ID!) { deletePressRelease(id: $id) }';
    const draft = (await createRelease(api.url, w.press.token)).id;
    const inReview = (await createRelease(api.url, w.press.token)).id;
    await gqlOk(api.url, 'mutation($id: ID!) { submitPressRelease(id: $id) { id } }', { id: inReview }, w.press.token);
    expect(errorOf(await gql(api.url, DELETE, { id: draft }, w.staffA.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await gql(api.url, DELETE, { id: inReview }, w.press.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is IN_REVIEW' },
    });
    expect(errorOf(await gql(api.url, DELETE, { id: 'not-an-id' }, w.press.token))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await gqlOk(api.url, DELETE, { id: draft }, w.press.token)).deletePressRelease).toBe(true);
    expect(
      (await gqlOk(api.url, `{ pressRelease(id: "${draft}") { id } }`, {}, w.press.token)).pressRelease,
    ).toBeNull();
    expect((await auditOf('press_releases', draft)).map((e: any) => e.action)).toEqual(['create', 'delete']);
  });

  it('deletePressContact: gone from lists and listings, anonymized in the record of a release already sent', async () => {
    const DELETE = 'mutation($id: ID!) { deletePressContact(id: $id) }';
    const [gone, stays] = await createContacts(api.url, w.press.token, 2);
    const list = await createList(api.url, w.press.token, [gone.id, stays.id]);
    const release = await approvedRelease(api.url, w.press.token, w.admin, { pressListIds: [list] });
    await schedule(api.url, w.press.token, release, new Date(Date.now() + 1500));
    await waitFor(() => sink.to(gone.email).length > 0 && sink.to(stays.email).length > 0, {
      timeoutMs: 15000,
      what: 'the release mails',
    });
    expect((await statusOf(api.url, w.press.token, release)).status).toBe('PUBLISHED');

    expect(errorOf(await gql(api.url, DELETE, { id: gone.id }, w.staffA.token))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await gqlOk(api.url, DELETE, { id: gone.id }, w.press.token)).deletePressContact).toBe(true);
    const contacts = await gqlOk(
      api.url,
      '{ pressContacts { id } pressLists { id contacts { id } } }',
      {},
      w.press.token,
    );
    expect(contacts.pressContacts.map((c: { id: string }) => c.id)).not.toContain(gone.id);
    expect(
      contacts.pressLists.find((l: { id: string }) => l.id === list).contacts.map((c: { id: string }) => c.id),
    ).toEqual([stays.id]);

    const db = await database();
    try {
      const sends = await db.query(
        `SELECT press_contact_id, email::text AS email FROM press_release_sends WHERE press_release_id = $1 ORDER BY email`,
        [release],
      );
      expect(sends.rows).toHaveLength(2);
      const record = sends.rows.find((r) => r.press_contact_id === gone.id);
      expect(record.email).toBe(`deleted-${gone.id}@invalid.invalid`);
      const row = (
        await db.query(
          `SELECT name, email::text AS email, do_not_contact, deleted_at FROM press_contacts WHERE id = $1`,
          [gone.id],
        )
      ).rows[0];
      expect(row).toMatchObject({
        name: 'Deleted press contact',
        email: `deleted-${gone.id}@invalid.invalid`,
        do_not_contact: true,
      });
      expect(row.deleted_at).not.toBeNull();
    } finally {
      await db.end();
    }
    // The address is free again, and a deleted contact cannot be changed or deleted twice.
    await createContacts(api.url, w.press.token, 1, { email: gone.email });
    expect(errorOf(await gql(api.url, DELETE, { id: gone.id }, w.press.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      errorOf(
        await gql(
          api.url,
          'mutation($id: ID!) { updatePressContact(id: $id, input: { beat: "x" }) { id } }',
          { id: gone.id },
          w.press.token,
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await gql(api.url, DELETE, { id: 'x' }, w.press.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(uniqueEmail()).toBeTruthy();
  });
});
