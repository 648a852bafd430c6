import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { GraphqlContext, prefetchByKey, prefetched } from './loaders';
import { PagePrefetchers } from './page-prefetchers';

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
    for (const field of ['memberCount', 'commitments'])
      prefetchers.register({
        type: 'Organization',
        field,
        prefetch: async (ctx, ids) => {
          ran.push(`${field}:${ids.join(',')}`);
        },
      });
    prefetchers.register({ type: 'Person', field: 'memberCount', prefetch: async () => void ran.push('Person') });

    await prefetchers.forPage(
      'Organization',
      context(),
      await infoOf('{ organizations { edges { node { id memberCount } } } }'),
      ['a', 'b'],
    );
    expect(ran).toEqual(['memberCount:a,b']);
  });
});

describe('prefetchByKey', () => {
  it('fetches each distinct id once and answers null for an id that found nothing', async () => {
    const context: GraphqlContext = { req: { headers: {} } };
    const fetched: string[][] = [];
    await prefetchByKey(
      context,
      'users',
      ['u1', null, 'u2', 'u1', undefined],
      async (ids) => {
        fetched.push(ids);
        return [{ id: 'u1', name: 'One' }];
      },
      (u) => u.id,
    );
    expect(fetched).toEqual([['u1', 'u2']]);
    expect(prefetched(context, 'users', 'u1')).toEqual({ id: 'u1', name: 'One' });
    expect(prefetched(context, 'users', 'u2')).toBeNull();
    expect(prefetched(context, 'users', 'u3')).toBeUndefined();
  });
});
