import { gqlOk } from '../../support/gql';
import { unique, uniqueEmail } from '../../support/fixtures';
import { AuthzArea, Outcome } from './authz-case';

type Expect = Record<'anonymous' | 'admin' | 'staffA' | 'press', Outcome>;
const pressDesk: Expect = { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'OK' };
const staffAndAdmin: Expect = { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'FORBIDDEN' };
const everyone: Expect = { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'OK' };
const pressObject: Expect = { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'NOT_FOUND', press: 'OK' };

interface Ctx {
  campaignId: string;
  commitmentId: string;
  contacts: string[];
  listId: string;
  mailings: string[];
  releases: string[];
  tasks: string[];
}

/** Four of a thing, one per caller (anonymous, admin, staffA, press), for operations that use it up. */
const pool = (ids: string[]) => {
  let call = 0;
  return () => ids[call++ % ids.length];
};
const times = async (n: number, make: () => Promise<string>) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await make());
  return ids;
};

/** Issue 13 (everyday work): the lists, updates and deletes, for every kind of caller. */
export const crm2Authz: AuthzArea<Ctx> = {
  area: 'crm2 (lists, updates, deletes)',
  setup: async (url, world) => {
    const ok = (query: string, variables: Record<string, unknown>, token: string) =>
      gqlOk(url, query, variables, token);
    const campaignId = (
      await ok(
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        { i: { slug: `authz-${Date.now()}`, title: 'Authz', statement: 'Text' } },
        world.admin,
      )
    ).createCampaign.id;
    const commitmentId = (
      await ok(
        'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }',
        { i: { organizationId: world.orgA.id, kind: 'AMPLIFY', description: 'Share' } },
        world.admin,
      )
    ).createCommitment.id;
    const contacts = await times(
      6,
      async () =>
        (
          await ok(
            'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
            { i: { name: 'Authz reporter', email: uniqueEmail('crm2-authz') } },
            world.press.token,
          )
        ).createPressContact.id,
    );
    const listId = (
      await ok(
        'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
        { n: unique('Authz list'), c: [contacts[5]] },
        world.press.token,
      )
    ).createPressList.id;
    const mailings = await times(
      5,
      async () =>
        (
          await ok(
            'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
            {
              i: {
                name: 'Press mailing',
                subject: 'News',
                bodyTemplate: 'Body {{unsubscribeUrl}}',
                audience: { pressListIds: [listId] },
              },
            },
            world.press.token,
          )
        ).createMailing.id,
    );
    const releases = await times(
      4,
      async () =>
        (
          await ok(
            'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
            { i: { title: unique('Authz'), body: 'Body' } },
            world.press.token,
          )
        ).createPressRelease.id,
    );
    const tasks = await times(
      9,
      async () =>
        (
          await ok(
            'mutation { createOutreachTask(input: { kind: CALL, title: "Press desk task" }) { id } }',
            {},
            world.press.token,
          )
        ).createOutreachTask.id,
    );
    return { campaignId, commitmentId, contacts, listId, mailings, releases, tasks };
  },
  cases: (ctx, world) => {
    const deleteContact = pool(ctx.contacts.slice(1, 5));
    const deleteMailing = pool(ctx.mailings.slice(1, 5));
    const deleteRelease = pool(ctx.releases);
    const cancelTask = pool(ctx.tasks.slice(1, 5));
    const deleteTask = pool(ctx.tasks.slice(5, 9));
    return [
      { name: 'mailings', query: '{ mailings { totalCount } }', expect: everyone },
      { name: 'pressReleases', query: '{ pressReleases { totalCount } }', expect: everyone },
      { name: 'outlets', query: '{ outlets { totalCount } }', expect: pressDesk },
      { name: 'imports', query: '{ imports { totalCount } }', expect: staffAndAdmin },
      { name: 'auditEvents', query: '{ auditEvents { totalCount } }', expect: staffAndAdmin },
      {
        name: 'signatures (by recruiter)',
        query: `{ signatures(recruitedByOrganizationId: "${world.orgA.id}") { totalCount } }`,
        expect: staffAndAdmin,
      },
      {
        name: 'updateCampaign',
        query: `mutation { updateCampaign(id: "${ctx.campaignId}", input: { title: "New" }) { id } }`,
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
      },
      {
        name: 'updateCommitment (orgA’s)',
        query: `mutation { updateCommitment(id: "${ctx.commitmentId}", input: { description: "Share twice" }) { id } }`,
        expect: staffAndAdmin,
      },
      {
        name: 'updatePressContact',
        query: `mutation { updatePressContact(id: "${ctx.contacts[0]}", input: { doNotContact: true }) { id } }`,
        expect: pressDesk,
      },
      {
        name: 'deletePressContact',
        query: 'mutation($id: ID!) { deletePressContact(id: $id) }',
        variables: () => ({ id: deleteContact() }),
        expect: pressDesk,
      },
      {
        name: 'updatePressList',
        query: `mutation { updatePressList(id: "${ctx.listId}", input: { addContactIds: ["${ctx.contacts[0]}"] }) { id } }`,
        expect: pressDesk,
      },
      {
        name: 'updateMailing (press-only draft)',
        query: `mutation { updateMailing(id: "${ctx.mailings[0]}", input: { subject: "News!" }) { id } }`,
        expect: pressObject,
      },
      {
        name: 'deleteMailing (press-only draft)',
        query: 'mutation($id: ID!) { deleteMailing(id: $id) }',
        variables: () => ({ id: deleteMailing() }),
        expect: pressObject,
      },
      {
        name: 'deletePressRelease (draft)',
        query: 'mutation($id: ID!) { deletePressRelease(id: $id) }',
        variables: () => ({ id: deleteRelease() }),
        expect: pressDesk,
      },
      {
        name: 'updateOutreachTask (press desk task)',
        query: `mutation { updateOutreachTask(id: "${ctx.tasks[0]}", input: { title: "Call back" }) { id } }`,
        expect: pressObject,
      },
      {
        name: 'cancelOutreachTask (press desk task)',
        query: 'mutation($id: ID!) { cancelOutreachTask(id: $id) { id } }',
        variables: () => ({ id: cancelTask() }),
        expect: pressObject,
      },
      {
        name: 'deleteOutreachTask (press desk task)',
        query: 'mutation($id: ID!) { deleteOutreachTask(id: $id) }',
        variables: () => ({ id: deleteTask() }),
        expect: pressObject,
      },
    ];
  },
};
