import { AuthzArea } from './authz-case';
import { uploadCsv } from '../imports/imports-helpers';

const csv = (name: string) =>
  `email,first_name\n${name}.${Math.random().toString(36).slice(2, 10)}@example.test,Authz\n`;

/** import(id): admins see all imports, ORG_STAFF those of their organization, press officers none. */
export const importsAuthz: AuthzArea<{ importA: string; importB: string }> = {
  area: 'imports',
  setup: async (url, world) => ({
    importA: (await uploadCsv(url, world.staffA.token, csv('authz-a'))).json.id,
    importB: (await uploadCsv(url, world.staffB.token, csv('authz-b'))).json.id,
  }),
  cases: (ctx) => [
    {
      name: 'import (own org A)',
      query: `{ import(id: "${ctx.importA}") { id status created updated failed errors { row message } } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'FORBIDDEN' },
    },
    {
      name: 'import (other org B)',
      query: `{ import(id: "${ctx.importB}") { id status } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'NOT_FOUND', press: 'FORBIDDEN' },
    },
  ],
};
