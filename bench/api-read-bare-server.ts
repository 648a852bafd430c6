// The baseline of bench/api-read.ts: a bare Apollo Server 5 (its standalone node:http server)
// answering the benchmark's queries from the same PostgreSQL rows, with one SQL per list: the
// people page (json_agg of memberships when they are asked for), the organizations page with
// member counts and commitments, the outreach tasks joined to assignee and person. No auth, no
// scoping, no logging, no limits: what GraphQL over these rows costs at the least.
// Started by the benchmark as its own process; prints its port on stdout.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

const typeDefs = `#graphql
  type Query {
    me: User
    people(first: Int = 25): PersonConnection!
    organizations(first: Int = 25): OrganizationConnection!
    outreachTasks(first: Int = 25): OutreachTaskConnection!
  }
  type User { id: ID! email: String! name: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Person { id: ID! email: String! firstName: String! lastName: String emailStatus: String! memberships: [Membership!]! }
  type Membership { id: ID! role: String! organization: Organization! }
  type Organization { id: ID! name: String! kind: String! memberCount: Int! commitments: [Commitment!]! }
  type Commitment { id: ID! kind: String! status: String! description: String! }
  type OutreachTask { id: ID! title: String! status: String! assignee: User person: Person }
  type PersonEdge { node: Person! cursor: String! }
  type PersonConnection { edges: [PersonEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type OrganizationEdge { node: Organization! cursor: String! }
  type OrganizationConnection { edges: [OrganizationEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type OutreachTaskEdge { node: OutreachTask! cursor: String! }
  type OutreachTaskConnection { edges: [OutreachTaskEdge!]! pageInfo: PageInfo! totalCount: Int! }
`;

/** Whether the selection asks for `name` anywhere below it (fragments are not used by the bench). */
function asks(selection: SelectionSetNode | undefined, name: string): boolean {
  return !!selection?.selections.some(
    (s) => s.kind === 'Field' && (s.name.value === name || asks(s.selectionSet, name)),
  );
}

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

function connection<T extends { id: string }>(rows: T[], first: number, totalCount: number) {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ node, cursor: cursor([node.id]) }));
  return { edges, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

const PEOPLE_SQL = (withMemberships: boolean) => `
  SELECT p.id, p.email, p.first_name AS "firstName", p.last_name AS "lastName", p.email_status AS "emailStatus"
    ${
      withMemberships
        ? `, coalesce((SELECT json_agg(json_build_object('id', m.id, 'role', m.role, 'organization', json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)) ORDER BY m.created_at, m.id)
        FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE m.person_id = p.id), '[]') AS memberships`
        : ''
    }
  FROM people p
  ORDER BY lower(coalesce(p.last_name, '')), lower(p.first_name), p.id
  LIMIT $1`;

const ORGANIZATIONS_SQL = `
  SELECT o.id, o.name, o.kind,
    (SELECT count(*)::int FROM memberships m WHERE m.organization_id = o.id) AS "memberCount",
    coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'status', c.status, 'description', c.description) ORDER BY c.created_at, c.id)
      FROM commitments c WHERE c.organization_id = o.id), '[]') AS commitments,
    count(*) OVER ()::int AS total
  FROM organizations o ORDER BY lower(o.name), o.id LIMIT $1`;

const TASKS_SQL = `
  SELECT t.id, t.title, t.status, count(*) OVER ()::int AS total,
    CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'email', u.email, 'name', u.name) END AS assignee,
    CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'email', p.email, 'firstName', p.first_name, 'lastName', p.last_name, 'emailStatus', p.email_status, 'memberships', '[]'::json) END AS person
  FROM outreach_tasks t LEFT JOIN users u ON u.id = t.assignee_user_id LEFT JOIN people p ON p.id = t.person_id
  ORDER BY t.id LIMIT $1`;

const resolvers = {
  Query: {
    me: () => ({ id: '00000000-0000-0000-0000-000000000000', email: 'bare@example.test', name: 'Bare' }),
    async people(_: unknown, { first }: { first: number }, _context: unknown, info: GraphQLResolveInfo) {
      const withMemberships = asks(info.fieldNodes[0].selectionSet, 'memberships');
      const [page, total] = await Promise.all([
        pool.query(PEOPLE_SQL(withMemberships), [first + 1]),
        pool.query('SELECT coalesce(sum(n), 0)::int AS n FROM people_counts'),
      ]);
      return connection(page.rows, first, total.rows[0].n);
    },
    async organizations(_: unknown, { first }: { first: number }) {
      const { rows } = await pool.query(ORGANIZATIONS_SQL, [first + 1]);
      return connection(rows, first, rows[0]?.total ?? 0);
    },
    async outreachTasks(_: unknown, { first }: { first: number }) {
      const { rows } = await pool.query(TASKS_SQL, [first + 1]);
      return connection(rows, first, rows[0]?.total ?? 0);
    },
  },
};

async function main() {
  const server = new ApolloServer({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${new URL(url).port}\n`);
  process.on(
    'SIGTERM',
    () =>
      void server
        .stop()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
