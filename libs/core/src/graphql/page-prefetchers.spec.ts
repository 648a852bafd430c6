import DataLoader from 'dataloader';
import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { byKey, GraphqlContext, loadAhead, prefetched, prefetchedOrLoad } from './loaders';
import { PagePrefetchers } from './page-prefetchers';
import { selectionAt } from './selection';

const schema = buildSchema(`
  type Query { organizations: OrganizationConnection! }
  type OrganizationConnection { edges: [OrganizationEdge!]! }
  type OrganizationEdge { node: Organization! }
  type Organization { id: ID! memberCount: Int! commitments: [String!]! }
`);

async function infoOf(query: string): Promise<GraphQLResolveInfo> {
  let seen: GraphQLResolveInfo | undefined;
  const rootValue = {
    organizations: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      seen = info;
      return { edges: [] };
    },
  };
  expect((await graphql({ schema, source: query, rootValue })).errors).toBeUndefined();
  return seen!;
}

describe('PagePrefetchers', () => {
  const context = (): GraphqlContext => ({ req: { headers: {} } });

  it('runs the prefetchers of the fields the query selects on the page nodes, and only those', async () => {
    const prefetchers = new PagePrefetchers();
    const ran: string[] = [];
    const recording = (name: string) => () =>
      new DataLoader<string, number>(async (ids) => {
        ran.push(`${name}:${ids.join(',')}`);
        return ids.map(() => 0);
      });
    for (const field of ['memberCount', 'commitments'])
      prefetchers.register({ type: 'Organization', field, key: field, create: recording(field) });
    prefetchers.register({ type: 'Person', field: 'memberCount', key: 'person', create: recording('Person') });

    const info = await infoOf('{ organizations { edges { node { id memberCount } } } }');
    await prefetchers.forPage('Organization', context(), selectionAt(info, ['edges', 'node']), ['a', 'b']);
    expect(ran).toEqual(['memberCount:a,b']);
  });
});

describe('loadAhead', () => {
  it('fetches each distinct id once and answers null for an id that found nothing', async () => {
    const context: GraphqlContext = { req: { headers: {} } };
    const fetched: string[][] = [];
    const users = () =>
      new DataLoader<string, { id: string; name: string } | null>(async (ids) => {
        fetched.push([...ids]);
        return byKey(ids, [{ id: 'u1', name: 'One' }], (u) => u.id);
      });
    await loadAhead(context, 'users', ['u1', null, 'u2', 'u1', undefined], users);
    expect(fetched).toEqual([['u1', 'u2']]);
    expect(prefetched(context, 'users', 'u1')).toEqual({ id: 'u1', name: 'One' });
    expect(prefetched(context, 'users', 'u2')).toBeNull();
    expect(prefetched(context, 'users', 'u3')).toBeUndefined();
    // The field resolver's read answers at once, without another batch.
    expect(prefetchedOrLoad(context, 'users', 'u1', users)).toEqual({ id: 'u1', name: 'One' });
    expect(fetched).toHaveLength(1);
  });
});
