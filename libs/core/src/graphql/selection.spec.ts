import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { selectionAt } from './selection';

const schema = buildSchema(`
  type Query { people: PersonConnection! }
  type PersonConnection { edges: [PersonEdge!]! totalCount: Int! }
  type PersonEdge { node: Person! }
  type Person { id: ID! email: String! memberships: [Membership!]! }
  type Membership { role: String! organization: Organization! }
  type Organization { name: String! }
`);

/** The info the `people` resolver receives for `query`. */
async function infoOf(query: string, variableValues?: Record<string, unknown>): Promise<GraphQLResolveInfo> {
  let seen: GraphQLResolveInfo | undefined;
  const rootValue = {
    people: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      seen = info;
      return { edges: [], totalCount: 0 };
    },
  };
  const result = await graphql({ schema, source: query, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  return seen!;
}

describe('selectionAt', () => {
  it('names the fields selected at a path, through fragments and aliases', async () => {
    const info = await infoOf(`
      { people { totalCount edges { node { ...P mail: email } } } }
      fragment P on Person { id memberships { role organization { name } } }`);
    expect(selectionAt(info, ['edges', 'node'])).toEqual(new Set(['id', 'memberships', 'email']));
    expect(selectionAt(info, ['edges', 'node', 'memberships'])).toEqual(new Set(['role', 'organization']));
  });

  it('is null for a path the query does not select, also when @skip drops it', async () => {
    const info = await infoOf(
      `query ($skip: Boolean!) { people { edges { node { id memberships @skip(if: $skip) { role } } } } }`,
      { skip: true },
    );
    expect(selectionAt(info, ['edges', 'node'])).toEqual(new Set(['id']));
    expect(selectionAt(info, ['edges', 'node', 'memberships'])).toBeNull();
    expect(selectionAt(info, ['pageInfo'])).toBeNull();
  });
});
