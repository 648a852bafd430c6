import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';

/**
 * The names of the fields a query selects at `path` below the current field (fragments, aliases
 * and @skip/@include resolved), or null when it does not select that path at all. E.g. for
 * `people { edges { node { id memberships { role } } } }`, `['edges', 'node']` gives
 * {id, memberships}. List resolvers look ahead with it to fetch only what the page needs.
 */
export function selectionAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let tree = parsed.get(info);
  if (!tree) parsed.set(info, (tree = parseResolveInfo(info) as ResolveTree));
  let trees = [tree];
  for (const name of path) {
    trees = trees.flatMap(children).filter((tree) => tree.name === name);
    if (!trees.length) return null;
  }
  return new Set(trees.flatMap(children).map((tree) => tree.name));
}

/** Each resolver call's parsed selection, read once however many paths its resolver asks about. */
const parsed = new WeakMap<GraphQLResolveInfo, ResolveTree>();

/** The selected fields of a tree, whatever the type they are selected on (interfaces, unions). */
const children = (tree: ResolveTree): ResolveTree[] =>
  Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields));
