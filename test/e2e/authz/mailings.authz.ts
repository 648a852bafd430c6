import { randomBytes } from 'node:crypto';
import { gqlOk } from '../../support/gql';
import type { World } from '../../support/fixtures';
import { AuthzArea } from './authz-case';

const create = async (url: string, token: string, audience: Record<string, unknown>): Promise<string> =>
  (
    await gqlOk(
      url,
      'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
      { i: { name: 'Authz mailing', subject: 'S', bodyTemplate: 'Hi {{firstName}}', audience } },
      token,
    )
  ).createMailing.id;

interface Ctx {
  ownA: string;
  ownA2: string;
  orgB: string;
  orgB2: string;
}

const tag = `authz-${randomBytes(3).toString('hex')}`;
const mutation = (name: string, id: string, args = '') => `mutation { ${name}(id: "${id}"${args}) { id status } }`;

export const mailingsAuthz: AuthzArea<Ctx> = {
  area: 'mailings',
  setup: async (url: string, world: World) => ({
    ownA: await create(url, world.staffA.token, { organizationIds: [world.orgA.id], tags: [tag] }),
    ownA2: await create(url, world.staffA.token, { tags: [tag] }),
    orgB: await create(url, world.staffB.token, { tags: [tag] }),
    orgB2: await create(url, world.staffB.token, { tags: [tag] }),
  }),
  cases: (ctx, world) => [
    {
      name: 'createMailing (own organization)',
      query: 'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
      variables: () => ({
        i: { name: 'M', subject: 'S', bodyTemplate: 'B', audience: { organizationIds: [world.orgA.id] } },
      }),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'FORBIDDEN' },
    },
    {
      name: 'createMailing (other organization)',
      query: 'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
      variables: () => ({
        i: { name: 'M', subject: 'S', bodyTemplate: 'B', audience: { organizationIds: [world.orgB.id] } },
      }),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
    {
      name: 'mailing (own organization)',
      query: `{ mailing(id: "${ctx.ownA}") { id stats { recipients } } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'OK' },
    },
    // Scheduling far ahead keeps the row sendable by every caller in turn.
    {
      name: 'sendMailing at (own organization)',
      query: mutation('sendMailing', ctx.ownA, ', at: "2099-01-01T09:00:00Z"'),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'NOT_FOUND' },
    },
    {
      name: 'sendMailing (other organization)',
      query: mutation('sendMailing', ctx.orgB, ', at: "2099-01-01T09:00:00Z"'),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'NOT_FOUND', press: 'NOT_FOUND' },
    },
    {
      name: 'pauseMailing (a draft)',
      query: mutation('pauseMailing', ctx.ownA2),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'CONFLICT', staffA: 'CONFLICT', press: 'NOT_FOUND' },
    },
    {
      name: 'resumeMailing (other organization)',
      query: mutation('resumeMailing', ctx.orgB2),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'CONFLICT', staffA: 'NOT_FOUND', press: 'NOT_FOUND' },
    },
    {
      name: 'cancelMailing (other organization)',
      query: mutation('cancelMailing', ctx.orgB2),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'NOT_FOUND', press: 'NOT_FOUND' },
    },
    {
      name: 'cancelMailing (own organization)',
      query: mutation('cancelMailing', ctx.ownA2),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'CONFLICT', press: 'NOT_FOUND' },
    },
  ],
};
