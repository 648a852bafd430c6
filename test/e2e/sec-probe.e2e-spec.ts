import { startApi, testEnv, RunningApi } from '../support/app';
import { loginAdmin } from '../support/gql';

describe('probe', () => {
  let api: RunningApi;
  beforeAll(async () => { api = await startApi(testEnv()); });
  afterAll(() => api.close());
  const post = async (body: unknown, token?: string) => {
    const r = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    return `${r.status} ${await r.text()}`.slice(0, 600);
  };
  it('probes', async () => {
    const t = await loginAdmin(api.url);
    const out: string[] = [];
    out.push(await post({ query: '{ me { id ' }, t));
    out.push(await post({ query: '{ me { nope } }' }, t));
    out.push(await post({ query: '{ ' + Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ') + ' }' }, t));
    out.push(await post({ query: '{ me { ' + 'id '.repeat(6000) + '} }' }, t));
    out.push(await post({ query: '{ organizations { edges { node { commitments { organization { commitments { organization { commitments { organization { commitments { id } } } } } } } } } } }' }, t));
    out.push(await post({ query: 'mutation { createOrganization(input: { name: "a\\u0000b", kind: UNION }) { id } }' }, t));
    out.push(await post({ query: 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }', variables: { i: { name: 'a\u0000b', kind: 'UNION' } } }, t));
    out.push(await post({ query: 'mutation { createOrganization(input: { name: "   ", kind: UNION }) { id } }' }, t));
    out.push(await post({ query: 'mutation { schedulePressRelease(id: "00000000-0000-0000-0000-000000000000", embargoUntil: "2026-03-10") { id } }' }, t));
    out.push(await post({ query: 'mutation($e: DateTime!) { schedulePressRelease(id: "00000000-0000-0000-0000-000000000000", embargoUntil: $e) { id } }', variables: { e: '2026-03-10' } }, t));
    out.push(await post({ query: '{ __schema { types { name } } }' }));
    console.log(out.join('\n'));
  });
});
