import { buildSchema, GraphQLObjectType, OperationDefinitionNode, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { objectCountEstimator, perParentFieldUnderList, PER_PARENT_EXTENSION } from './cost-limit.plugin';
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

  it('costs a first beyond the page size at the page size: its own validation refuses it, naming first', () => {
    expect(cost('{ organizations(first: 2147483647) { edges { node { id } } } }')).toBe(200 * 3);
  });

  it('multiplies other lists by the assumed size, so the commitment cycle grows tenfold per turn', () => {
    const once = cost('{ org(id: "1") { commitments { organization { id } } } }');
    const twice = cost('{ org(id: "1") { commitments { organization { commitments { organization { id } } } } } }');
    expect(once).toBe(1 + 10 * 2);
    expect(twice).toBe(1 + 10 * (1 + 1 + 10 * 2));
  });
});

describe('perParentFieldUnderList', () => {
  const schema = buildSchema(`
    type Activity { id: ID! }
    type Person { id: ID! activity: Activity! signatures: [Signature!]! }
    type Signature { id: ID! person: Person! }
    type PersonEdge { node: Person! }
    type PersonConnection { edges: [PersonEdge!]! }
    type Query { person(id: ID!): Person people(first: Int): PersonConnection! signatures: [Signature!]! }
  `);
  const person = schema.getType('Person') as GraphQLObjectType;
  Object.assign(person.getFields().activity, {
    extensions: { [PER_PARENT_EXTENSION]: 'on one person at a time, through person(id)' },
  });
  const refusal = (query: string, operationName?: string) => {
    const document = parse(query);
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
    )!;
    return perParentFieldUnderList(schema, document, operation)?.message ?? null;
  };
  const REFUSED =
    /^Person\.activity cannot be asked for under a list.*on one person at a time, through person\(id\)\.$/;

  it('lets one person through, aliased or behind fragments', () => {
    expect(refusal('{ person(id: "1") { activity { id } } }')).toBeNull();
    expect(
      refusal(
        '{ a: person(id: "1") { x: activity { id } } b: person(id: "2") { ...F } } fragment F on Person { activity { id } }',
      ),
    ).toBeNull();
    expect(refusal('{ people { edges { node { id signatures { id } } } } }')).toBeNull();
  });

  it('refuses it under any list, whatever the path, alias or fragment', () => {
    expect(refusal('{ people(first: 1) { edges { node { activity { id } } } } }')).toMatch(REFUSED);
    expect(refusal('{ people { edges { node { a: activity { id } } } } }')).toMatch(REFUSED);
    expect(refusal('{ signatures { person { activity { id } } } }')).toMatch(REFUSED);
    expect(refusal('{ person(id: "1") { signatures { person { activity { id } } } } }')).toMatch(REFUSED);
    expect(
      refusal('{ people { edges { ... on PersonEdge { node { ... on Person { activity { id } } } } } } }'),
    ).toMatch(REFUSED);
    expect(refusal('{ people { edges { node { ...F } } } } fragment F on Person { activity { id } }')).toMatch(REFUSED);
    expect(
      refusal(
        '{ people { edges { ...E } } } fragment E on PersonEdge { node { ...F } } fragment F on Person { activity { id } }',
      ),
    ).toMatch(REFUSED);
  });

  it('judges a fragment by where it is spread: once alone, once under a list', () => {
    const query =
      '{ person(id: "1") { ...F } people { edges { node { ...F } } } } fragment F on Person { activity { id } }';
    expect(refusal(query)).toMatch(REFUSED);
  });

  it('looks at the operation that runs only', () => {
    const query =
      'query One { person(id: "1") { activity { id } } } query Many { people { edges { node { activity { id } } } } }';
    expect(refusal(query, 'One')).toBeNull();
    expect(refusal(query, 'Many')).toMatch(REFUSED);
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
