import DataLoader from 'dataloader';
import type { Actor } from '../context/actor';

/** The GraphQL context of one request; DataLoaders live on it and die with it. */
export interface GraphqlContext {
  /** `actor` is set by the auth guard once it has checked the token. */
  req: { headers: Record<string, string | string[] | undefined>; ip?: string; id?: string; actor?: Actor };
  loaders?: Map<string, DataLoader<unknown, unknown>>;
  /** Values loaded ahead for nested fields, by DataLoader key (see `loadAhead`). */
  prefetched?: Map<string, Map<unknown, unknown>>;
}

/**
 * Returns the request's DataLoader for `key`, creating it on first use, so that nested fields
 * of a list are fetched in one batch per field instead of one query per row.
 */
export function requestLoader<K, V>(
  context: GraphqlContext,
  key: string,
  create: () => DataLoader<K, V>,
): DataLoader<K, V> {
  context.loaders ??= new Map();
  let loader = context.loaders.get(key);
  if (!loader) {
    loader = create() as DataLoader<unknown, unknown>;
    context.loaders.set(key, loader);
  }
  return loader as DataLoader<K, V>;
}

/** Orders batch results by key, as DataLoader requires: one value per key. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups batch results by key: a list (possibly empty) per key. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * Loads `ids` through the request's DataLoader `key` (made by `create` on first use: the nested
 * field's own batch, one SQL) and keeps the values, so that `prefetchedOrLoad` answers that field
 * synchronously; returns the values of the distinct ids. List resolvers call it for the nested fields their query selects: graphql-js then
 * completes a page without a promise per object, which costs more CPU than the SQL for a page of 100.
 */
export async function loadAhead<K, V>(
  context: GraphqlContext,
  key: string,
  ids: readonly (K | null | undefined)[],
  create: () => DataLoader<K, V>,
): Promise<V[]> {
  const distinct = [...new Set(ids.filter((id): id is K => id !== null && id !== undefined))];
  if (!distinct.length) return [];
  const values = await requestLoader(context, key, create).loadMany(distinct);
  const failed = values.find((value): value is Error => value instanceof Error);
  if (failed) throw failed;
  context.prefetched ??= new Map();
  const known = context.prefetched.get(key) ?? new Map<unknown, unknown>();
  distinct.forEach((id, i) => known.set(id, values[i]));
  context.prefetched.set(key, known);
  return values as V[];
}

/** The value `loadAhead` kept for `id` under `key`, or undefined when it was not loaded ahead. */
export function prefetched<K, V>(context: GraphqlContext, key: string, id: K): V | undefined {
  return context.prefetched?.get(key)?.get(id) as V | undefined;
}

/**
 * A nested field's value: the one a list resolver loaded ahead for `id` under `key`, at once, or
 * else the request's DataLoader `key` (made by `create` on first use) loads it.
 */
export function prefetchedOrLoad<K, V>(
  context: GraphqlContext,
  key: string,
  id: K,
  create: () => DataLoader<K, V>,
): V | Promise<V> {
  const ahead = prefetched<K, V>(context, key, id);
  return ahead !== undefined ? ahead : requestLoader(context, key, create).load(id);
}
