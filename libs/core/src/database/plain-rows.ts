import type { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/**
 * The rows of a one-entity SELECT, as entities made straight from the driver's raw rows: each
 * column value converted as TypeORM converts it (`prepareHydratedValue`: dates, transformers …),
 * on an object of the entity's class, without TypeORM's generic hydration (grouping raw rows by
 * primary key, relation bookkeeping), which costs more than the SQL for a page of a list.
 * Queries that join or map relations, and entities with embedded columns, take TypeORM's way.
 * Returns the raw rows too (keyset cursors read their sort keys).
 */
export async function rawAndPlainEntities<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
): Promise<{ raw: Record<string, unknown>[]; entities: T[] }> {
  const map = query.expressionMap;
  const main = map.mainAlias;
  if (
    !main?.hasMetadata ||
    map.joinAttributes.length > 0 ||
    map.relationIdAttributes.length > 0 ||
    main.metadata.embeddeds.length > 0
  ) {
    return query.getRawAndEntities();
  }
  const raw: Record<string, unknown>[] = await query.getRawMany();
  const { metadata } = main;
  const driver = query.connection.driver;
  const all = metadata.columns
    .filter((column) => !column.isVirtual)
    .map((column) => ({ column, key: DriverUtils.buildAlias(driver, undefined, main.name, column.databaseName) }));
  // The columns the query selected (all rows have the same keys): a narrowed select reads a few.
  const columns = all.filter(({ key }) => raw.length > 0 && key in raw[0]);
  const primary = all.filter(({ column }) => column.isPrimary);
  const prototype = (metadata.target as { prototype?: object }).prototype ?? Object.prototype;
  const entities: T[] = [];
  for (const row of raw) {
    // As TypeORM does: a row whose primary key is null (an aggregate, an empty outer row) is no entity.
    if (primary.some(({ key }) => row[key] === null || row[key] === undefined)) continue;
    const entity = Object.create(prototype) as Record<string, unknown>;
    for (const { column, key } of columns) entity[column.propertyName] = driver.prepareHydratedValue(row[key], column);
    entities.push(entity as T);
  }
  return { raw, entities };
}

/** The entities alone (see `rawAndPlainEntities`). */
export async function plainEntities<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): Promise<T[]> {
  return (await rawAndPlainEntities(query)).entities;
}

/**
 * The entity properties a list must read to answer the GraphQL `fields` selected on its type: the
 * primary key, each selected field that is a column, and the columns that `needs` declares for
 * each selected computed field (a field resolver's inputs). Undefined (every column) when no
 * selection is known or a selected field is neither a column nor declared: a resolver that is not
 * declared may read anything.
 */
export function columnsFor(
  metadata: EntityMetadata,
  fields: ReadonlySet<string> | null | undefined,
  needs: Record<string, readonly string[]> = {},
): string[] | undefined {
  if (!fields) return undefined;
  const stored = new Set(metadata.columns.map((column) => column.propertyName));
  const columns = new Set(metadata.primaryColumns.map((column) => column.propertyName));
  for (const field of fields) {
    if (stored.has(field)) columns.add(field);
    else if (field === '__typename') continue;
    else if (Object.hasOwn(needs, field)) needs[field].forEach((column) => columns.add(column));
    else return undefined;
  }
  return [...columns];
}

/** Narrows a one-entity query's select to `columns` (entity properties); all columns when undefined. */
export function selectColumns<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns?: string[],
): SelectQueryBuilder<T> {
  if (columns) query.select(columns.map((column) => `${query.alias}.${column}`));
  return query;
}
