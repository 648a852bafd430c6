import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { BadInputError } from '../errors/domain-errors';
import { rawAndPlainEntities, selectColumns } from '../database/plain-rows';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the Relay connection object type `<Name>Connection` with its `<Name>Edge`. */
export function Paginated<T>(classRef: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => classRef) node: T;
    @Field() cursor: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionType;
}

/** Opaque cursors: the sort-key values of the last row, base64url-encoded JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // falls through to the error below
  }
  throw new BadInputError({ after: 'is not a cursor of this list' });
}

/**
 * One key of a keyset order: a text SQL expression such as `lower(o.name)`, never null. The last
 * key of a list is the row's uuid `id` column (unique, so the order is total).
 */
export interface SortKey {
  expression: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The values of a keyset cursor: text sort keys and a uuid last (the unique id). A cursor
 * edited by hand must be BAD_USER_INPUT on `after`, not a PostgreSQL error.
 */
export function decodeKeysetCursor(cursor: string, length: number): string[] {
  const values = decodeCursor(cursor, length);
  if (!values.every((v): v is string => typeof v === 'string') || !UUID.test(values[length - 1])) {
    throw new BadInputError({ after: 'is not a cursor of this list' });
  }
  return values;
}

/**
 * Applies a keyset order to `query`: continues after the cursor, orders by the keys (ascending)
 * and selects the computed keys (all but the id) as `page_key_<i>`, for `keysetCursors`.
 */
export function applyKeyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  keys: SortKey[],
  after?: string | null,
): void {
  if (after) {
    const values = decodeKeysetCursor(after, keys.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    query.andWhere(
      `(${keys.map((k) => k.expression).join(', ')}) > (${keys.map((_, i) => `:cursor${i}`).join(', ')})`,
      params,
    );
  }
  keys.forEach((key, i) => {
    if (i < keys.length - 1) query.addSelect(key.expression, `page_key_${i}`);
    if (i === 0) query.orderBy(key.expression, 'ASC');
    else query.addOrderBy(key.expression, 'ASC');
  });
}

/**
 * The cursor of each row of a page read with `applyKeyset` (`getRawAndEntities`): the sort values
 * as PostgreSQL computed them, then the row's id. Its lower() and JavaScript's toLowerCase()
 * differ on some letters ('İ', a final 'Σ'), which would skip or repeat rows.
 */
export function keysetCursors<T extends { id: string }>(
  raw: Record<string, unknown>[],
  idColumn: string,
  keys: SortKey[],
): (row: T) => unknown[] {
  const computed = new Map(raw.map((r) => [String(r[idColumn]), keys.slice(0, -1).map((_, i) => r[`page_key_${i}`])]));
  return (row) => [...(computed.get(row.id) ?? []), row.id];
}

export interface PaginateOptions {
  /** The entity properties the page reads (see `columnsFor`); every column when absent. */
  columns?: string[];
  /**
   * Counts the first page's list with a window function in the page's own SQL instead of a
   * second one: only for lists that stay small (the window reads every matching row).
   */
  countInPage?: boolean;
}

/**
 * Keyset pagination over a TypeORM query (see `applyKeyset`), counting the whole filtered list in
 * the page's own SQL: as a window over a small list (`countInPage`), else as a scalar subquery that
 * PostgreSQL runs once. One statement instead of a page and a count side by side: a round trip
 * costs the API more CPU than the count costs PostgreSQL. A page past the end has no row to carry
 * the count; only then is it read on its own.
 */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  keys: SortKey[],
  args: { first?: number; after?: string },
  options: PaginateOptions = {},
): Promise<Connection<T>> {
  const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const windowCount = options.countInPage && !args.after;
  // The count reads the filtered list as given; the page then narrows `query` itself.
  const count = windowCount ? null : countOf(query);
  const page = selectColumns(query, options.columns);
  applyKeyset(page, keys, args.after);
  page.addSelect(count ? `(${count.getQuery()})` : 'count(*) OVER ()', PAGE_TOTAL);
  const { raw, entities } = await rawAndPlainEntities(page.take(first + 1));
  const totalCount = await totalFromPage(raw, PAGE_TOTAL, args.after, () => count!.getCount());
  return toConnection(entities, first, totalCount, keysetCursors(raw, `${page.alias}_id`, keys));
}

const PAGE_TOTAL = 'page_total_count';

/**
 * The list's count that a page read in its own SQL, in `column` of each row. A page after a cursor
 * with no rows (past the end) carries none: only then `countAlone` reads it. A first page without
 * rows is an empty list. (A window count is only read on first pages, so it never needs the fallback.)
 */
export async function totalFromPage(
  raw: Record<string, unknown>[],
  column: string,
  after: string | undefined,
  countAlone: () => Promise<number>,
): Promise<number> {
  if (raw.length > 0) return Number(raw[0][column]);
  return after ? countAlone() : 0;
}

/** `query`'s rows counted (each main entity once, as TypeORM's getCount counts them), unordered. */
function countOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const count = query.clone().orderBy();
  const joins = count.expressionMap.joinAttributes.length > 0;
  return count.select(joins ? `count(DISTINCT ${count.alias}.id)` : 'count(*)');
}

/** Wraps already-fetched rows (at most first + 1 of them) into a connection. */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  cursorValues: (row: T) => unknown[],
): Connection<T> {
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const edges = nodes.map((node) => new LazyEdge(node, cursorValues));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/** An edge whose cursor is encoded when it is read: a page of 100 is mostly asked for without them. */
class LazyEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly cursorValues: (row: T) => unknown[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.cursorValues(this.node));
  }
}
