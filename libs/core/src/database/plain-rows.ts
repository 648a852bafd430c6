import type { DataSource, EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
  if (!isPlainSelect(query)) return query.getRawAndEntities();
  const raw: Record<string, unknown>[] = await query.getRawMany();
  return { raw, entities: plainHydrator(query)(raw) };
}

/** A one-entity SELECT without joins, mapped relations or embedded columns. */
const isPlainSelect = (query: SelectQueryBuilder<ObjectLiteral>): boolean => {
  const map = query.expressionMap;
  return (
    !!map.mainAlias?.hasMetadata &&
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0 &&
    map.mainAlias.metadata.embeddeds.length === 0
  );
};

/** Turns the raw rows of a plain `query` into entities (the columns it selected, converted). */
function plainHydrator<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): (raw: Record<string, unknown>[]) => T[] {
  const main = query.expressionMap.mainAlias!;
  const { metadata } = main;
  const driver = query.connection.driver;
  const all = metadata.columns
    .filter((column) => !column.isVirtual)
    .map((column) => ({ column, key: DriverUtils.buildAlias(driver, undefined, main.name, column.databaseName) }));
  const primary = all.filter(({ column }) => column.isPrimary);
  const prototype = (metadata.target as { prototype?: object }).prototype ?? Object.prototype;
  return (raw) => {
    // The columns the query selected (all rows have the same keys): a narrowed select reads a few.
    const columns = all.filter(({ key }) => raw.length > 0 && key in raw[0]);
    const entities: T[] = [];
    for (const row of raw) {
      // As TypeORM does: a row whose primary key is null (an aggregate, an empty outer row) is no entity.
      if (primary.some(({ key }) => row[key] === null || row[key] === undefined)) continue;
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (const { column, key } of columns)
        entity[column.propertyName] = driver.prepareHydratedValue(row[key], column);
      entities.push(entity as T);
    }
    return entities;
  };
}

/**
 * A plain one-entity SELECT whose shape never changes, such as a DataLoader's batch by ids: its
 * SQL is made once, on first use, and then only run with new parameters. TypeORM builds a query's
 * SQL anew on every call, which costs more CPU than PostgreSQL's own work for such a batch. The
 * query builder names its parameters positionally (`$1`, `$2` …), since the SQL is reused.
 */
export class FixedSelect<T extends ObjectLiteral> {
  private prepared?: { sql: string; hydrate: (raw: Record<string, unknown>[]) => T[]; dataSource: DataSource };

  constructor(private readonly build: () => SelectQueryBuilder<T>) {}

  async entities(parameters: unknown[]): Promise<T[]> {
    this.prepared ??= this.prepare();
    const { sql, hydrate, dataSource } = this.prepared;
    return hydrate(await dataSource.query<Record<string, unknown>[]>(sql, parameters));
  }

  private prepare() {
    const query = this.build();
    if (!isPlainSelect(query)) throw new Error('FixedSelect takes a one-entity SELECT without joins');
    const [sql, named] = query.getQueryAndParameters();
    if (named.length) throw new Error(`FixedSelect takes positional parameters ($1 …), not named ones: ${sql}`);
    return { sql, hydrate: plainHydrator(query), dataSource: query.connection };
  }
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
