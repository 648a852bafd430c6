import { gqlOk } from '../../support/gql';
import { unique, uniqueEmail } from '../../support/fixtures';
import { AuthzArea, Outcome } from './authz-case';

const pressDesk: Record<'anonymous' | 'admin' | 'staffA' | 'press', Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  admin: 'OK',
  staffA: 'FORBIDDEN',
  press: 'OK',
};

interface PressCtx {
  contactId: string;
  drafts: string[];
  inReview: string[];
  approved: string[];
  cancellable: string[];
}

/** Releases created by the press officer, walked to the wanted state (one per caller). */
async function releases(
  url: string,
  press: string,
  admin: string,
  state: 'DRAFT' | 'IN_REVIEW' | 'APPROVED',
  count = 2,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { createPressRelease } = await gqlOk(
      url,
      'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
      { i: { title: unique('Authz release'), body: 'Body' } },
      press,
    );
    const id = createPressRelease.id;
    if (state !== 'DRAFT') await gqlOk(url, `mutation { submitPressRelease(id: "${id}") { id } }`, {}, press);
    if (state === 'APPROVED') await gqlOk(url, `mutation { approvePressRelease(id: "${id}") { id } }`, {}, admin);
    ids.push(id);
  }
  return ids;
}

export const pressAuthz: AuthzArea<PressCtx> = {
  area: 'press',
  setup: async (url, world) => {
    const { createPressContact } = await gqlOk(
      url,
      'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
      { i: { name: 'Authz reporter', email: uniqueEmail('authz-reporter') } },
      world.press.token,
    );
    return {
      contactId: createPressContact.id,
      drafts: await releases(url, world.press.token, world.admin, 'DRAFT'),
      inReview: await releases(url, world.press.token, world.admin, 'IN_REVIEW'),
      approved: await releases(url, world.press.token, world.admin, 'APPROVED'),
      cancellable: await releases(url, world.press.token, world.admin, 'DRAFT'),
    };
  },
  cases: (ctx) => {
    // Callers come in the order anonymous, admin, staffA, press: only admin and press get through,
    // so two releases serve four callers (admin gets the first, staffA and press the second).
    const perCaller = (ids: string[]) => {
      let call = 0;
      return () => ids[Math.floor(call++ / 2) % ids.length];
    };
    const submitPool = perCaller(ctx.drafts.slice(0, 2));
    const approvePool = perCaller(ctx.inReview);
    const schedulePool = perCaller(ctx.approved);
    const cancelPool = perCaller(ctx.cancellable);
    return [
      { name: 'pressContacts', query: '{ pressContacts { id } }', expect: pressDesk },
      { name: 'pressLists', query: '{ pressLists { id contacts { id } } }', expect: pressDesk },
      {
        name: 'createPressContact',
        query: 'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
        variables: () => ({ i: { name: 'Reporter', email: uniqueEmail('reporter'), outletName: 'Authz Times' } }),
        expect: pressDesk,
      },
      {
        name: 'createPressList',
        query: 'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
        variables: () => ({ n: unique('Authz list'), c: [ctx.contactId] }),
        expect: pressDesk,
      },
      {
        name: 'createPressRelease',
        query: 'mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { id } }',
        variables: () => ({ i: { title: unique('Release'), body: 'Body' } }),
        expect: pressDesk,
      },
      {
        name: 'pressRelease (unpublished: null for staff)',
        query: `{ pressRelease(id: "${ctx.drafts[0]}") { id } }`,
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'OK' },
      },
      {
        name: 'publishedPressReleases (public)',
        query: '{ publishedPressReleases { id title publishedAt } }',
        expect: { anonymous: 'OK', admin: 'OK', staffA: 'OK', press: 'OK' },
      },
      {
        name: 'updatePressRelease',
        query: `mutation { updatePressRelease(id: "${ctx.drafts[0]}", input: { body: "Edited" }) { id } }`,
        expect: pressDesk,
      },
      {
        name: 'submitPressRelease',
        query: 'mutation($id: ID!) { submitPressRelease(id: $id) { id } }',
        variables: () => ({ id: submitPool() }),
        expect: pressDesk,
      },
      {
        name: 'approvePressRelease',
        query: 'mutation($id: ID!) { approvePressRelease(id: $id) { id } }',
        variables: () => ({ id: approvePool() }),
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
      },
      {
        name: 'schedulePressRelease',
        query: 'mutation($id: ID!, $at: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $at) { id } }',
        variables: () => ({ id: schedulePool(), at: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() }),
        expect: pressDesk,
      },
      {
        name: 'cancelPressRelease',
        query: 'mutation($id: ID!) { cancelPressRelease(id: $id) { id } }',
        variables: () => ({ id: cancelPool() }),
        expect: pressDesk,
      },
    ];
  },
};

/** Outreach tasks (issue 4, same owner): every role works tasks; press contacts are the press desk's. */
export const outreachAuthz: AuthzArea<{ contactId: string; pressTasks: string[] }> = {
  area: 'outreach',
  setup: async (url, world) => {
    const { createPressContact } = await gqlOk(
      url,
      'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
      { i: { name: 'Task reporter', email: uniqueEmail('task-reporter') } },
      world.press.token,
    );
    const pressTasks: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { createOutreachTask } = await gqlOk(
        url,
        'mutation { createOutreachTask(input: { kind: CALL, title: "Press desk task" }) { id } }',
        {},
        world.press.token,
      );
      pressTasks.push(createOutreachTask.id);
    }
    return { contactId: createPressContact.id, pressTasks };
  },
  cases: (ctx) => {
    let call = 0;
    const completePool = () => ctx.pressTasks[Math.floor(call++ / 2) % 2];
    return [
      {
        name: 'outreachTasks',
        query: '{ outreachTasks(first: 5) { totalCount edges { node { id assignee { id } } } } }',
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'OK' },
      },
      {
        name: 'createOutreachTask',
        query: 'mutation { createOutreachTask(input: { kind: FOLLOW_UP, title: "Follow up" }) { id } }',
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'OK' },
      },
      {
        name: 'createOutreachTask (press contact target)',
        query: `mutation { createOutreachTask(input: { kind: INTERVIEW, title: "Interview", pressContactId: "${ctx.contactId}", dueAt: "2031-01-01T10:00:00Z" }) { id } }`,
        expect: pressDesk,
      },
      {
        name: 'completeOutreachTask (a press desk task)',
        query: 'mutation($id: ID!) { completeOutreachTask(id: $id, outcome: "Done") { id } }',
        variables: () => ({ id: completePool() }),
        expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'NOT_FOUND', press: 'OK' },
      },
    ];
  },
};
