import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { objectCountEstimator } from './cost-limit.plugin';
import { limitMessage, LIMIT_MESSAGES } from './graphql-limits.messages';

describe('objectCountEstimator', () => {
  const schema = buildSchema(`
    type Org { id: ID! name: String! commitments: [Commitment!]! }
    type Commitment { id: ID! organization: Org! }
    type OrgEdge { node: Org! cursor: String! }
    type OrgConnection { edges: [OrgEdge!]! totalCount: Int! }
    type Query { organizations(first: Int, after: String): OrgConnection! org(id: ID!): Org }
  `);
  const estimators = [objectCountEstimator({ maxCost: 1, listSize: 10, defaultPageSize: 25 })];
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    getComplexity({ schema, query: parse(query), variables, estimators });

  it('counts objects, not scalars', () => {
    expect(cost('{ org(id: "1") { id name } }')).toBe(1);
  });

  it('multiplies a connection by first, literal, variable or default', () => {
    expect(cost('{ organizations(first: 200) { edges { node { id } } } }')).toBe(200 * (1 + 2));
    expect(cost('query($n: Int) { organizations(first: $n) { edges { node { id } } } }', { n: 3 })).toBe(3 * 3);
    expect(cost('{ organizations { edges { node { id } } } }')).toBe(25 * 3);
  });

  it('multiplies other lists by the assumed size, so the commitment cycle grows tenfold per turn', () => {
    const once = cost('{ org(id: "1") { commitments { organization { id } } } }');
    const twice = cost('{ org(id: "1") { commitments { organization { commitments { organization { id } } } } } }');
    expect(once).toBe(1 + 10 * 2);
    expect(twice).toBe(1 + 10 * (1 + 1 + 10 * 2));
  });
});

describe('limitMessage', () => {
  it('strips the Syntax Error label and hides the number of the token limit', () => {
    expect(limitMessage(`Syntax Error: ${LIMIT_MESSAGES.depth}`)).toBe(LIMIT_MESSAGES.depth);
    expect(limitMessage('Syntax Error: Document contains more that 2000 tokens. Parsing aborted.')).toBe(
      LIMIT_MESSAGES.tokens,
    );
    expect(limitMessage('Syntax Error: Expected Name, found <EOF>.')).toBeNull();
  });
});
