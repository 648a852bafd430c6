import { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  applyKeyset,
  Connection,
  DEFAULT_PAGE_SIZE,
  isAdmin,
  keysetCursors,
  MAX_PAGE_SIZE,
  rawAndPlainEntities,
  selectColumns,
  toConnection,
} from '@chorus/core';
import { Person } from './entities/person.entity';
import type { PersonFilter } from './dto/person.inputs';
import { PERSON_MATCH_SORT_KEYS, PERSON_SORT_KEYS, peopleRecruitedBySql } from './people.queries';

const isEmpty = (filter?: PersonFilter | null) =>
  !filter || Object.values(filter).every((v) => v === null || v === undefined || v === '');

/**
 * One page of the `people` connection, tuned for a million rows:
 * - totalCount of everyone (admins, no filter) comes from the trigger-kept `people_counts`, and
 *   of a staffer's whole scope from their organization's memberships and recruits;
 * - a search's first page reads its matches once, counting them with a window function.
 */
export async function listPeople(
  manager: EntityManager,
  query: SelectQueryBuilder<Person>,
  actor: Actor,
  args: PeopleListArgs,
): Promise<Connection<Person>> {
  // A filtered count reads the scoped, filtered query before the page narrows it (a clone is not cheap).
  const filteredCount = isEmpty(args.filter) ? undefined : query.clone();
  const page = peoplePageQuery(query, args);
  const [{ raw, entities }, totalCount] = await Promise.all([
    rawAndPlainEntities(page.query),
    page.windowCount ? Promise.resolve(null) : countPeople(manager, filteredCount, actor),
  ]);
  return toConnection(
    entities,
    page.first,
    totalCount ?? Number(raw[0]?.person_total_count ?? 0),
    keysetCursors(raw, 'person_id', page.keys),
  );
}

export interface PeopleListArgs {
  first?: number;
  after?: string;
  filter?: PersonFilter | null;
  /** The entity properties to read (every column when absent); the id is always read. */
  columns?: string[];
}

/** The SQL of one page (exported so that the benchmark can EXPLAIN exactly what the API runs). */
export function peoplePageQuery(query: SelectQueryBuilder<Person>, args: PeopleListArgs) {
  const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  selectColumns(query, args.columns);
  const search = !!args.filter?.search?.trim();
  const keys = search ? PERSON_MATCH_SORT_KEYS : PERSON_SORT_KEYS;
  applyKeyset(query, keys, args.after);
  query.limit(first + 1);
  const windowCount = search && !args.after;
  if (windowCount) query.addSelect('count(*) OVER ()', 'person_total_count');
  return { query, keys, first, windowCount };
}

async function countPeople(
  manager: EntityManager,
  filteredQuery: SelectQueryBuilder<Person> | undefined,
  actor: Actor,
): Promise<number> {
  if (filteredQuery) return filteredQuery.getCount();
  if (isAdmin(actor)) {
    const [{ n }] = await manager.query(`SELECT coalesce(sum(n), 0) AS n FROM people_counts`);
    return Number(n);
  }
  // scopePeopleToActor let only ORG_STAFF with an organization through. Memberships and
  // signatures reference existing people, so their union is the scope.
  const [{ n }] = await manager.query(
    `SELECT count(*) AS n FROM (SELECT person_id FROM memberships WHERE organization_id = $1 UNION ${peopleRecruitedBySql('s', '$1::uuid')}) scope`,
    [actor.organizationId],
  );
  return Number(n);
}
