import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  visit,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from './pagination';
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
        ? // Past the page size `first` is refused by its own validation, which names it: cost it at the most.
          Math.min(MAX_PAGE_SIZE, Math.max(0, Number(args.first ?? options.defaultPageSize)))
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

/**
 * Field extension of a field that reads the database on its own for each parent object (no
 * DataLoader): its value says how to ask instead, e.g. `@Extensions({ perParent: 'on one person at
 * a time, through person(id)' })` on Person.activity. Such a field is refused anywhere under a list.
 */
export const PER_PARENT_EXTENSION = 'perParent';

/** A per-parent field found under a list: where, and what to tell the client. */
export interface PerParentRefusal {
  message: string;
  node: FieldNode;
}

/** The advice of a `perParent` field `name` selected on `type` (any implementation of an abstract type). */
function perParentAdvice(schema: GraphQLSchema, type: GraphQLNamedType, name: string) {
  const types = isAbstractType(type) ? [type, ...schema.getPossibleTypes(type)] : [type];
  for (const candidate of types) {
    if (!isObjectType(candidate) && !isInterfaceType(candidate)) continue;
    const advice = candidate.getFields()[name]?.extensions?.[PER_PARENT_EXTENSION];
    if (typeof advice === 'string') return { coordinate: `${candidate.name}.${name}`, advice };
  }
  return null;
}

/**
 * The first `perParent` field the operation asks for below a list (of any size, whatever its
 * `first`), or null. A static walk of the document by field definitions, done before any
 * resolver runs: aliases change nothing, inline and named fragments are followed (each named one
 * at most once per context), and every path counts (people, signatures, outreach tasks, …), so no
 * spelling of the query reaches the field under a list. A check of `info.path` in the resolver
 * would come only after the list's own SQL, once per parent. @include/@skip are not evaluated:
 * the answer depends on the document alone and is cached with it.
 */
export function perParentFieldUnderList(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): PerParentRefusal | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const walked = new Set<string>();

  const walk = (
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    underList: boolean,
  ): PerParentRefusal | null => {
    for (const selection of selectionSet.selections) {
      let found: PerParentRefusal | null = null;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const perParent = underList ? perParentAdvice(schema, type, name) : null;
        if (perParent)
          return {
            node: selection,
            message: `${perParent.coordinate} cannot be asked for under a list: it runs its own database queries for each parent. Ask for it ${perParent.advice}.`,
          };
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
        if (field && selection.selectionSet)
          found = walk(
            selection.selectionSet,
            getNamedType(field.type),
            underList || isListType(getNullableType(field.type)),
          );
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        const key = selection.kind === Kind.FRAGMENT_SPREAD ? `${selection.name.value}\u0000${underList}` : null;
        if (!fragment || (key && walked.has(key))) continue;
        if (key) walked.add(key);
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (condition) found = walk(fragment.selectionSet, condition, underList);
      }
      if (found) return found;
    }
    return null;
  };

  const root = schema.getRootType(operation.operation);
  return root ? walk(operation.selectionSet, root, false) : null;
}

const CACHE_SIZE = 2000;

/**
 * Refuses a query whose cost is over the limit, or that asks for a `perParent` field under a
 * list, after validation and before execution, with BAD_USER_INPUT and HTTP 400. Both answers
 * for a document (per operation; the cost also per value of its cost variables) are computed
 * once and cached: the read path pays a Map lookup.
 */
export function costLimitPlugin(options: CostLimitOptions): ApolloServerPlugin {
  const estimators = [objectCountEstimator(options)];
  /** Per document source: its cost variables, and its cost per operation and values of those variables. */
  const documents = new Map<
    string,
    { names: string[]; costs: Map<string, number>; perParent: Map<string, PerParentRefusal | null> }
  >();

  const entryOf = (source: string, document: DocumentNode) => {
    let entry = documents.get(source);
    if (!entry) {
      if (documents.size >= CACHE_SIZE) documents.clear();
      entry = { names: costVariables(document), costs: new Map(), perParent: new Map() };
      documents.set(source, entry);
    }
    return entry;
  };

  const perParentRefusal = (
    schema: GraphQLSchema,
    source: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ) => {
    const entry = entryOf(source, document);
    const key = operation.name?.value ?? '';
    if (!entry.perParent.has(key)) entry.perParent.set(key, perParentFieldUnderList(schema, document, operation));
    return entry.perParent.get(key)!;
  };

  const costOf = (
    schema: GraphQLSchema,
    source: string,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) => {
    const entry = entryOf(source, document);
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
        async didResolveOperation({ schema, source, document, operation, operationName, request }) {
          const perParent = operation && perParentRefusal(schema, source, document, operation);
          if (perParent) {
            throw new GraphQLError(perParent.message, {
              nodes: [perParent.node],
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
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
