// The authorization table: every implemented operation × every kind of caller → expected outcome.
import { startApi, testEnv, RunningApi } from '../support/app';
import { gql, outcomeOf } from '../support/gql';
import { createWorld, World } from '../support/fixtures';
import { AuthzArea, Caller } from './authz/authz-case';
import { foundationAuthz } from './authz/foundation.authz';
import { authzAreas } from './authz';

const areas: AuthzArea<any>[] = [foundationAuthz, ...authzAreas];
const callers: Caller[] = ['anonymous', 'admin', 'staffA', 'press'];

describe('authorization table', () => {
  let api: RunningApi;
  let world: World;
  const contexts = new Map<string, unknown>();

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    for (const area of areas) contexts.set(area.area, area.setup ? await area.setup(api.url, world) : undefined);
  });
  afterAll(() => api.close());

  const tokenOf = (caller: Caller) =>
    ({ anonymous: undefined, admin: world.admin, staffA: world.staffA.token, press: world.press.token })[caller];

  for (const area of areas) {
    it(`${area.area}: each role gets the expected outcome`, async () => {
      const rows = area.cases(contexts.get(area.area), world);
      const actual: string[] = [];
      const expected: string[] = [];
      for (const row of rows) {
        for (const caller of callers) {
          const result = await gql(api.url, row.query, row.variables?.() ?? {}, tokenOf(caller));
          actual.push(`${row.name} as ${caller}: ${outcomeOf(result)}`);
          expected.push(`${row.name} as ${caller}: ${row.expect[caller]}`);
        }
      }
      expect(actual).toEqual(expected);
    });
  }
});
