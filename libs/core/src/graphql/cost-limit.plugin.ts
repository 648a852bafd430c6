import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isLeafType,
  isListType,
  Kind,
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { LIMIT_MESSAGES } from './graphql-limits.messages';

export interface CostLimitOptions {
  maxCost: number;
  /** Items assumed for a list field without `first` (Organization.commitments, Person.signatures …). */
  listSize: number;
  /** `first` when a connection is asked for without it (the contract's default page). */
  defaultPageSize: number;
}

/**
 * Cost = the number of objects a query can return: every object field counts once per item of
 * the lists above it, a connection counts `first` items (literal or variable), any other list
 * the assumed list size. Scalars are free (their number is bounded by the token limit). So
 * `organizations(first: 200) { … commitments { organization { commitments { … } } } }` costs
 * hundreds of thousands and is refused before a resolver runs.
 */
export function objectCountEstimator(options: CostLimitOptions): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const fieldType = getNullableType(field.type);
    if (isLeafType(getNamedType(fieldType))) return 0;
    // A connection's edges/nodes were already multiplied at the field that took `first`.
    const insideConnection = type.name.endsWith('Connection');
    const items =
      'first' in args || field.args.some((a) => a.name === 'first')
        ? Math.max(0, Number(args.first ?? options.defaultPageSize))
        : isListType(fieldType) && !insideConnection
          ? options.listSize
          : 1;
    return items * (1 + childComplexity);
  };
}

/** The variables whose values change a document's cost: those given to `first`, @include and @skip. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node, _key, parent) {
      const directive = parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.DIRECTIVE;
      if (node.value.kind === Kind.VARIABLE && (node.name.value === 'first' || directive))
        names.add(node.value.name.value);
    },
  });
  return [...names];
}

const CACHE_SIZE = 2000;

/**
 * Refuses a query whose cost is over the limit, after validation and before execution, with
 * BAD_USER_INPUT and HTTP 400. The cost of a document (per operation and per value of its
 * cost variables) is computed once and cached: the read path pays a Map lookup.
 */
export function costLimitPlugin(options: CostLimitOptions): ApolloServerPlugin {
  const estimators = [objectCountEstimator(options)];
  /** Per document source: its cost variables, and its cost per operation and values of those variables. */
  const documents = new Map<string, { names: string[]; costs: Map<string, number> }>();

  const costOf = (
    schema: GraphQLSchema,
    source: string,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) => {
    let entry = documents.get(source);
    if (!entry) {
      if (documents.size >= CACHE_SIZE) documents.clear();
      entry = { names: costVariables(document), costs: new Map() };
      documents.set(source, entry);
    }
    const key = entry.names.length
      ? `${operationName ?? ''}\u0000${JSON.stringify(entry.names.map((name) => variables[name] ?? null))}`
      : (operationName ?? '');
    const cached = entry.costs.get(key);
    if (cached !== undefined) return cached;
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, variables, operationName, estimators });
    } catch (error) {
      // More nodes than the library evaluates (fragments multiplying each other) is too costly.
      // Anything else is a variable that does not coerce: execution refuses it before any
      // resolver runs, naming the argument, so the query costs nothing.
      if (/maximum allowed number of nodes/.test((error as Error).message)) cost = Number.POSITIVE_INFINITY;
      else return 0;
    }
    if (entry.costs.size >= 100) entry.costs.clear(); // a document asked with ever new `first` values
    entry.costs.set(key, cost);
    return cost;
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, source, document, operationName, request }) {
          if (costOf(schema, source, document, operationName ?? undefined, request.variables ?? {}) > options.maxCost) {
            throw new GraphQLError(LIMIT_MESSAGES.cost, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
