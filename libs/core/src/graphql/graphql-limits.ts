import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ValidationRule } from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitPlugin } from './cost-limit.plugin';
import { GraphqlConfig } from './graphql.config';
import { LIMIT_MESSAGES } from './graphql-limits.messages';

export interface GraphqlProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** graphql-js stops parsing past maxTokens: a parse error, so HTTP 400 like any syntax error. */
  parseOptions: { maxTokens: number };
}

/**
 * Every limit of the GraphQL endpoint in one place: depth, aliases and directives from
 * graphql-armor (validation rules, so a refusal is a 400 validation error); tokens by graphql-js's
 * own parser; the list-aware cost by our plugin (graphql-armor's cost does not multiply by `first`).
 */
export function graphqlProtection(config: GraphqlConfig): GraphqlProtection {
  const hidden = { exposeLimits: false };
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ...hidden, errorMessage: LIMIT_MESSAGES.depth },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, ...hidden, errorMessage: LIMIT_MESSAGES.aliases },
    maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, ...hidden, errorMessage: LIMIT_MESSAGES.directives },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
  }).protect();
  return {
    plugins: [
      ...(armor.plugins as ApolloServerPlugin[]),
      costLimitPlugin({ maxCost: config.GRAPHQL_MAX_COST, listSize: config.GRAPHQL_LIST_SIZE, defaultPageSize: 25 }),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
  };
}

/**
 * Every GraphQL answer is `Cache-Control: no-store` (answers depend on who asks), as Apollo's
 * cache-control plugin would compute it for a schema without cache hints, without its hook on
 * every resolved field.
 */
export const noStorePlugins: ApolloServerPlugin[] = [
  ApolloServerPluginCacheControlDisabled(),
  {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  },
];

/** Rate-limited operations (RATE_LIMITED in extensions) also answer a Retry-After header. */
export const retryAfterPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const waits = (response.body.singleResult.errors ?? []).flatMap((e) =>
          e.extensions?.code === 'RATE_LIMITED' && typeof e.extensions.retryAfter === 'number'
            ? [e.extensions.retryAfter]
            : [],
        );
        if (waits.length > 0) response.http.headers.set('retry-after', String(Math.max(...waits)));
      },
    };
  },
};
