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
  totalFromPage,
} from '@chorus/core';
import { Person } from './entities/person.entity';
import type { PersonFilter } from './dto/person.inputs';
import { PERSON_MATCH_SORT_KEYS, PERSON_SORT_KEYS, peopleRecruitedBySql } from './people.queries';

const isEmpty = (filter?: PersonFilter | null) =>
  !filter || Object.values(filter).every((v) => v === null || v === undefined || v === '');

/**
 * One page of the `people` connection, tuned for a million rows:
 * - totalCount of everyone (admins, no filter) comes from the trigger-kept `people_counts`, read
 *   in the page's own SQL (one statement, one snapshot; a second statement only when the page is
 *   empty), and of a staffer's whole scope from their organization's memberships and recruits;
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
  const everyone = !filteredCount && isAdmin(actor);
  if (everyone) page.query.addSelect(PEOPLE_COUNTS_TOTAL_SQL, TOTAL_COLUMN);
  const countedInPage = page.windowCount || everyone;
  const [{ raw, entities }, countedBeside] = await Promise.all([
    rawAndPlainEntities(page.query),
    countedInPage ? Promise.resolve(null) : countPeople(manager, filteredCount, actor),
  ]);
  // A window count is only on first pages, so a page past the end is only ever everyone's.
  const total =
    countedBeside ?? (await totalFromPage(raw, TOTAL_COLUMN, args.after, () => countPeople(manager, undefined, actor)));
  return toConnection(entities, page.first, total, keysetCursors(raw, 'person_id', page.keys));
}

const TOTAL_COLUMN = 'person_total_count';
/** Everyone's count, kept by a trigger in 16 slots (see the people-count-slots migration). */
const PEOPLE_COUNTS_TOTAL_SQL = '(SELECT coalesce(sum(n), 0) FROM people_counts)';

export interface PeopleListArgs {
  first?: number;
  after?: string;
  filter?: PersonFilter | null;
  /** The entity properties to read (every column when absent); the id is always read. */
  columns?: string[];
}

/**
 * The SQL of one page (exported so that the benchmark can EXPLAIN what the API runs; an admin's
 * unfiltered page also selects `people_counts`' sum, a subquery over 16 rows).
 */
export function peoplePageQuery(query: SelectQueryBuilder<Person>, args: PeopleListArgs) {
  const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  selectColumns(query, args.columns);
  const search = !!args.filter?.search?.trim();
  const keys = search ? PERSON_MATCH_SORT_KEYS : PERSON_SORT_KEYS;
  applyKeyset(query, keys, args.after);
  query.limit(first + 1);
  const windowCount = search && !args.after;
  if (windowCount) query.addSelect('count(*) OVER ()', TOTAL_COLUMN);
  return { query, keys, first, windowCount };
}

async function countPeople(
  manager: EntityManager,
  filteredQuery: SelectQueryBuilder<Person> | undefined,
  actor: Actor,
): Promise<number> {
  if (filteredQuery) return filteredQuery.getCount();
  if (isAdmin(actor)) {
    const [{ n }] = await manager.query(`SELECT ${PEOPLE_COUNTS_TOTAL_SQL} AS n`);
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
