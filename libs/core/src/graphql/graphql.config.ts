import { boolean, defineEnv, EnvValues, integer, oneOf } from '../config/env';

/**
 * Limits of the GraphQL endpoint (OWASP GraphQL cheat sheet; graphql-armor's defaults as the
 * reference). Read by the API only; documented in docs/security.md.
 */
export const graphqlEnv = defineEnv({
  GRAPHQL_INTROSPECTION: {
    description: 'introspection and GraphiQL: auto = on only when NODE_ENV is development or test',
    default: 'auto',
    parse: (raw: string) => (raw === 'auto' ? oneOf('auto')(raw) : boolean(raw)),
  },
  GRAPHQL_MAX_DEPTH: { description: 'deepest selection a query may nest', default: '8', parse: integer(1, 100) },
  GRAPHQL_MAX_ALIASES: { description: 'aliases per query', default: '15', parse: integer(0, 1000) },
  GRAPHQL_MAX_DIRECTIVES: { description: 'directives per query', default: '50', parse: integer(0, 1000) },
  GRAPHQL_MAX_TOKENS: {
    description: 'tokens per query document (parsing stops past it)',
    default: '2000',
    parse: integer(100, 1_000_000),
  },
  GRAPHQL_MAX_COST: {
    description: 'objects a query may return at most, counting each list at its `first` (or the assumed size)',
    default: '20000',
    parse: integer(1, 100_000_000),
  },
  GRAPHQL_LIST_SIZE: {
    description: 'items assumed for a list without `first` when costing a query',
    default: '10',
    parse: integer(1, 10_000),
  },
});

export type GraphqlConfig = EnvValues<typeof graphqlEnv>;

/** Introspection is on when asked for, or by default in development and test. */
export function introspectionEnabled(config: GraphqlConfig, nodeEnv: string): boolean {
  return config.GRAPHQL_INTROSPECTION === 'auto'
    ? nodeEnv === 'development' || nodeEnv === 'test'
    : config.GRAPHQL_INTROSPECTION;
}
