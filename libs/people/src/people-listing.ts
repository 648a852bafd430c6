import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, BadInputError, Connection, decodeCursor, DEFAULT_PAGE_SIZE, isAdmin, MAX_PAGE_SIZE, SortKey, toConnection } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Person } from './entities/person.entity';
import type { PersonFilter } from './dto/person.inputs';
import { countedSignature, PERSON_MATCH_SORT_KEYS, PERSON_SORT_KEYS } from './people.queries';

const isEmpty = (filter?: PersonFilter | null) => !filter || Object.values(filter).every((v) => v === null || v === undefined || v === '');

/**
 * One page of the `people` connection, tuned for a million rows:
 * - totalCount of everyone (admins, no filter) comes from the trigger-kept `people_counts`, and
 *   of a staffer's whole scope from their organization's memberships and recruits;
 * - a search's first page reads its matches once, counting them with a window function.
 */
export async function listPeople(manager: EntityManager, query: SelectQueryBuilder<Person>, actor: Actor, args: PeopleListArgs): Promise<Connection<Person>> {
  const count = query.clone();
  const page = peoplePageQuery(query, args);
  const [{ raw, entities }, totalCount] = await Promise.all([
    page.query.getRawAndEntities(),
    page.windowCount ? Promise.resolve(null) : countPeople(manager, count, actor, args.filter),
  ]);
  // Cursors carry the sort values as PostgreSQL computed them (its lower() and JavaScript's
  // toLowerCase() differ on some letters, which would skip or repeat rows).
  const sortValues = new Map<string, unknown[]>(raw.map((r: Record<string, unknown>) => [String(r.person_id), page.keys.slice(0, -1).map((_, i) => r[`person_sort_${i}`])]));
  const cursorOf = (p: Person) => {
    const computed = sortValues.get(p.id);
    return computed ? [...computed, p.id] : page.keys.map((k) => k.valueOf(p));
  };
  return toConnection(entities, page.first, totalCount ?? Number(raw[0]?.person_total_count ?? 0), cursorOf);
}

export interface PeopleListArgs {
  first?: number;
  after?: string;
  filter?: PersonFilter | null;
}

/** The SQL of one page (exported so that the benchmark can EXPLAIN exactly what the API runs). */
export function peoplePageQuery(query: SelectQueryBuilder<Person>, args: PeopleListArgs) {
  const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const search = !!args.filter?.search?.trim();
  const keys = search ? PERSON_MATCH_SORT_KEYS : PERSON_SORT_KEYS;
  afterCursor(query, keys, args.after);
  keys.forEach((key, i) => {
    // The computed keys travel back for the cursor (the last one is the id, read from the entity).
    if (i < keys.length - 1) query.addSelect(key.expression, `person_sort_${i}`);
    if (i === 0) query.orderBy(key.expression, 'ASC');
    else query.addOrderBy(key.expression, 'ASC');
  });
  query.limit(first + 1);
  const windowCount = search && !args.after;
  if (windowCount) query.addSelect('count(*) OVER ()', 'person_total_count');
  return { query, keys, first, windowCount };
}

async function countPeople(manager: EntityManager, query: SelectQueryBuilder<Person>, actor: Actor, filter?: PersonFilter | null): Promise<number> {
  if (!isEmpty(filter)) return query.getCount();
  if (isAdmin(actor)) {
    const [{ n }] = await manager.query(`SELECT coalesce(sum(n), 0) AS n FROM people_counts`);
    return Number(n);
  }
  // scopePeopleToActor let only ORG_STAFF with an organization through. Memberships and
  // signatures reference existing people, so their union is the scope.
  const [{ n }] = await manager.query(
    `SELECT count(*) AS n FROM (SELECT person_id FROM memberships WHERE organization_id = $1 UNION SELECT person_id FROM signatures s WHERE recruited_by_organization_id = $1 AND ${countedSignature('s')}) scope`,
    [actor.organizationId],
  );
  return Number(n);
}

function afterCursor(query: SelectQueryBuilder<Person>, keys: SortKey<Person>[], after?: string): void {
  if (!after) return;
  const values = decodeCursor(after, keys.length);
  if (!values.every((v) => typeof v === 'string') || !isUuid(values[values.length - 1] as string)) throw new BadInputError({ after: 'is not a cursor of this list' });
  const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
  query.andWhere(`(${keys.map((k) => k.expression).join(', ')}) > (${keys.map((_, i) => `:cursor${i}`).join(', ')})`, params);
}
