// Done when 3 of issue 4: approval rules, every wrong transition (CONFLICT naming the state),
// visibility before the embargo, and validation of the press desk's inputs.
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createUser, createWorld, unique, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';
import { approvedRelease, createContacts, createList, createRelease, publicTitles, schedule } from './press-fixtures';

jest.setTimeout(60000);

type Action = 'submit' | 'approve' | 'schedule' | 'cancel' | 'update';
const mutations: Record<Action, string> = {
  submit: 'mutation($id: ID!) { submitPressRelease(id: $id) { status } }',
  approve: 'mutation($id: ID!) { approvePressRelease(id: $id) { status } }',
  schedule: 'mutation($id: ID!, $at: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $at) { status } }',
  cancel: 'mutation($id: ID!) { cancelPressRelease(id: $id) { status } }',
  update: 'mutation($id: ID!) { updatePressRelease(id: $id, input: { title: "Edited" }) { status } }',
};

describe('press: release workflow', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let secondAdmin: { token: string };
  const inState: Record<string, string> = {};

  const run = (action: Action, id: string, token: string) =>
    gql(api.url, mutations[action], { id, at: new Date(Date.now() + 3600_000).toISOString() }, token);

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '500' });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
    secondAdmin = await createUser(api.url, world.admin, 'COALITION_ADMIN');
    const press = world.press.token;
    inState.DRAFT = (await createRelease(api.url, press)).id;
    inState.IN_REVIEW = (await createRelease(api.url, press)).id;
    await gqlOk(api.url, mutations.submit, { id: inState.IN_REVIEW }, press);
    inState.APPROVED = await approvedRelease(api.url, press, world.admin);
    inState.SCHEDULED = await approvedRelease(api.url, press, world.admin);
    await schedule(api.url, press, inState.SCHEDULED, new Date(Date.now() + 3600_000));
    inState.CANCELLED = (await createRelease(api.url, press)).id;
    await gqlOk(api.url, mutations.cancel, { id: inState.CANCELLED }, press);
    inState.PUBLISHED = await approvedRelease(api.url, press, world.admin);
    await schedule(api.url, press, inState.PUBLISHED, new Date(Date.now() + 800));
    await waitFor(async () => (await publicTitles(api.url)).includes(inState.PUBLISHED), {
      what: 'a published release',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const allowed: Record<Action, string[]> = {
    submit: ['DRAFT'],
    approve: ['IN_REVIEW'],
    schedule: ['APPROVED', 'SCHEDULED'],
    cancel: ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED'],
    update: ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED'],
  };
  for (const action of Object.keys(allowed) as Action[]) {
    for (const state of ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'CANCELLED'].filter(
      (s) => !allowed[action].includes(s),
    )) {
      it(`${action} of a ${state} release is a CONFLICT naming ${state}`, async () => {
        const result = await run(action, inState[state], action === 'approve' ? world.admin : world.press.token);
        expect(result.errors?.[0].extensions.code).toBe('CONFLICT');
        expect(result.errors?.[0].message).toContain(state);
        const row = await gqlOk(api.url, `{ pressRelease(id: "${inState[state]}") { status } }`, {}, world.admin);
        expect(row.pressRelease.status).toBe(state);
      });
    }
  }

  it('only a coalition admin approves, never the author', async () => {
    const byPress = (await createRelease(api.url, world.press.token)).id;
    await gqlOk(api.url, mutations.submit, { id: byPress }, world.press.token);
    expect((await run('approve', byPress, world.press.token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await run('approve', byPress, world.staffA.token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await run('approve', byPress, world.admin)).data?.approvePressRelease.status).toBe('APPROVED');

    const byAdmin = (await createRelease(api.url, world.admin)).id;
    await gqlOk(api.url, mutations.submit, { id: byAdmin }, world.admin);
    const own = await run('approve', byAdmin, world.admin);
    expect(own.errors?.[0]).toMatchObject({
      message: 'The author of a press release cannot approve it',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await run('approve', byAdmin, secondAdmin.token)).data?.approvePressRelease.status).toBe('APPROVED');
  });

  it('editing an APPROVED or SCHEDULED release sends it back to review and unschedules it', async () => {
    const approved = await approvedRelease(api.url, world.press.token, world.admin);
    expect((await run('update', approved, world.press.token)).data?.updatePressRelease.status).toBe('IN_REVIEW');
    const scheduled = await approvedRelease(api.url, world.press.token, world.admin);
    await schedule(api.url, world.press.token, scheduled, new Date(Date.now() + 3600_000));
    const edited = await gqlOk(
      api.url,
      `mutation { updatePressRelease(id: "${scheduled}", input: { body: "Revised" }) { status embargoUntil body } }`,
      {},
      world.press.token,
    );
    expect(edited.updatePressRelease).toEqual({ status: 'IN_REVIEW', embargoUntil: null, body: 'Revised' });
    // It must be approved again before it can be scheduled.
    expect((await run('schedule', scheduled, world.press.token)).errors?.[0].message).toContain('IN_REVIEW');
  });

  it('shows an unpublished release only to its author, press officers and admins', async () => {
    const otherPress = await createUser(api.url, world.admin, 'PRESS_OFFICER');
    const query = `{ pressRelease(id: "${inState.SCHEDULED}") { id status } }`;
    expect((await gqlOk(api.url, query, {}, world.press.token)).pressRelease.status).toBe('SCHEDULED');
    expect((await gqlOk(api.url, query, {}, otherPress.token)).pressRelease.status).toBe('SCHEDULED');
    expect((await gqlOk(api.url, query, {}, world.admin)).pressRelease.status).toBe('SCHEDULED');
    expect((await gqlOk(api.url, query, {}, world.staffA.token)).pressRelease).toBeNull();
    expect((await gql(api.url, query)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const published = await publicTitles(api.url);
    expect(published).toContain(inState.PUBLISHED);
    for (const state of ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED', 'CANCELLED'])
      expect(published).not.toContain(inState[state]);
    // Union staff cannot act on what they cannot see.
    expect((await run('cancel', inState.SCHEDULED, world.staffA.token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('validates inputs, naming each field', async () => {
    const bad = await gql(
      api.url,
      'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
      { i: { title: '', body: 'x', organizationIds: ['nope'] } },
      world.press.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { title: expect.any(String), organizationIds: expect.any(String) },
    });
    const unknownList = await gql(
      api.url,
      'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
      { i: { title: 'T', body: 'B', pressListIds: ['00000000-0000-7000-8000-000000000000'] } },
      world.press.token,
    );
    expect(unknownList.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { pressListIds: expect.any(String) },
    });
    const contact = await gql(
      api.url,
      'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
      { i: { name: 'X', email: 'not-an-email' } },
      world.press.token,
    );
    expect(contact.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { email: 'must be an email address' },
    });
    const [existing] = await createContacts(api.url, world.press.token, 1);
    const duplicate = await gql(
      api.url,
      'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
      { i: { name: 'Y', email: existing.email.toUpperCase() } },
      world.press.token,
    );
    expect(duplicate.errors?.[0].extensions.code).toBe('CONFLICT');
    const list = await gql(
      api.url,
      'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
      { n: unique('L'), c: ['00000000-0000-7000-8000-000000000000'] },
      world.press.token,
    );
    expect(list.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { contactIds: expect.any(String) },
    });
    expect((await run('submit', 'not-a-uuid', world.press.token)).errors?.[0].extensions.code).toBe('NOT_FOUND');
    // An update's null on a required field is refused, not silently ignored.
    const draft = (await createRelease(api.url, world.press.token)).id;
    const nulls = await gql(
      api.url,
      'mutation($id: ID!, $i: UpdatePressReleaseInput!) { updatePressRelease(id: $id, input: $i) { id } }',
      { id: draft, i: { title: null, pressListIds: null } },
      world.press.token,
    );
    expect(nulls.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { title: 'must not be null', pressListIds: 'must not be null' },
    });
  });

  it('refuses an embargo without an offset (it would be read as UTC) and accepts one with it', async () => {
    const id = await approvedRelease(api.url, world.press.token, world.admin);
    const query =
      'mutation($id: ID!, $embargoUntil: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $embargoUntil) { embargoUntil } }';
    const year = new Date().getUTCFullYear() + 1;
    for (const embargoUntil of [`${year}-03-10T09:00:00`, `${year}-03-10`]) {
      const result = await gql(api.url, query, { id, embargoUntil }, world.press.token);
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { embargoUntil: expect.stringContaining('offset') },
      });
    }
    const ok = await gqlOk(api.url, query, { id, embargoUntil: `${year}-03-10T09:00:00-04:00` }, world.press.token);
    expect(ok.schedulePressRelease.embargoUntil).toBe(`${year}-03-10T13:00:00.000Z`);
  });

  it('links a release to its campaign', async () => {
    const { createCampaign } = await gqlOk(
      api.url,
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
      { i: { slug: `press-${Date.now()}`, title: 'Stealing Isn’t Innovation', statement: 'We demand consent.' } },
      world.admin,
    );
    const { id } = await createRelease(api.url, world.press.token, { campaignId: createCampaign.id });
    expect(
      (await gqlOk(api.url, `{ pressRelease(id: "${id}") { campaign { id title } } }`, {}, world.press.token))
        .pressRelease.campaign,
    ).toEqual({ id: createCampaign.id, title: 'Stealing Isn’t Innovation' });
    const unknown = await gql(
      api.url,
      'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
      { i: { title: 'T', body: 'B', campaignId: '00000000-0000-7000-8000-000000000000' } },
      world.press.token,
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { campaignId: 'is not a campaign' },
    });
  });

  it('lists contacts with outlets, and lists with their contacts', async () => {
    const contacts = await createContacts(api.url, world.press.token, 2);
    const listId = await createList(
      api.url,
      world.press.token,
      contacts.map((c) => c.id),
    );
    const data = await gqlOk(
      api.url,
      '{ pressContacts { id email doNotContact beat outlet { name } } pressLists { id name contacts { id } } }',
      {},
      world.press.token,
    );
    expect(data.pressContacts.find((c: { id: string }) => c.id === contacts[0].id)).toMatchObject({
      doNotContact: false,
      beat: 'tech',
      outlet: { name: 'The Daily Test' },
    });
    expect(
      data.pressLists
        .find((l: { id: string }) => l.id === listId)
        .contacts.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual(contacts.map((c) => c.id).sort());
  });
});
