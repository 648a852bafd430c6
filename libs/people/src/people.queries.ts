import { SelectQueryBuilder } from 'typeorm';
import { Actor, ForbiddenError, isAdmin, Role, SortKey } from '@chorus/core';
import { escapeLike } from '@chorus/organizations';
import { Person } from './entities/person.entity';
import type { PersonFilter } from './dto/person.inputs';
import { signatureScopeSql } from './signature-scope';

/** The alias of `people` in every query built here. */
export const PERSON_ALIAS = 'person';

/**
 * The text `search` matches: the same expression as the trigram index `people_search_trgm`
 * (migration 1764100100000), so that ILIKE '%…%' is answered from the index.
 */
export const PERSON_SEARCH_EXPRESSION = `(${PERSON_ALIAS}.first_name || ' ' || coalesce(${PERSON_ALIAS}.last_name, '') || ' ' || ${PERSON_ALIAS}.email::text)`;

/** Stable listing order (last name, first name, id), the columns of the index `people_sort`. */
export const PERSON_SORT_KEYS: SortKey[] = [
  { expression: `lower(coalesce(${PERSON_ALIAS}.last_name, ''))` },
  { expression: `lower(${PERSON_ALIAS}.first_name)` },
  { expression: `${PERSON_ALIAS}.id` },
];

/**
 * The same order for searches, with expressions the planner cannot match to `people_sort`: it
 * must then find the matches through the trigram index and sort them. (Walking `people_sort`
 * and filtering looks cheap to it, but a name's matches sit together in name order, so the walk
 * can read most of the table before it finds the first one.)
 */
export const PERSON_MATCH_SORT_KEYS: SortKey[] = PERSON_SORT_KEYS.map((key, i) =>
  i < 2 ? { ...key, expression: `(${key.expression} || '')` } : key,
);

/**
 * A PUBLIC sign-up opens its person to the recruiter only if the person is no other
 * organization's member (anyone can name any union as recruiter; that must not hand another
 * union's member record to it).
 */
const memberOfNoOtherOrganization = (personId: string, organizationId: string) =>
  `NOT EXISTS (SELECT 1 FROM memberships other_m WHERE other_m.person_id = ${personId} AND other_m.organization_id <> ${organizationId})`;

/**
 * Whether `organizationId` recruited a signature of `personId` that opens the person to it: a
 * counted signature (a PUBLIC one confirmed), and for a PUBLIC sign-up only a person who is no
 * other organization's member. Signatures are campaigns' (see signature-scope.ts).
 */
const recruitOpensPerson = (alias: string, personId: string, organizationId: string) =>
  signatureScopeSql().recruitedSignatureExists(
    alias,
    personId,
    organizationId,
    memberOfNoOtherOrganization(personId, organizationId),
  );

/** The people `organizationId` sees through signatures it recruited (a SELECT of person ids), for the scope's count. */
export const peopleRecruitedBySql = (alias: string, organizationId: string) =>
  signatureScopeSql().recruitedPeople(
    alias,
    organizationId,
    memberOfNoOtherOrganization(`${alias}.person_id`, organizationId),
  );

/**
 * The one place that says which people an actor may see: admins all of them; ORG_STAFF those
 * with a membership in their organization or a signature their organization recruited that
 * opens the person to it (`recruitOpensPerson`); nobody else (press officers have no business
 * with the CRM's people).
 */
export function scopePeopleToActor(query: SelectQueryBuilder<Person>, actor: Actor): SelectQueryBuilder<Person> {
  if (isAdmin(actor)) return query;
  if (actor.role !== Role.ORG_STAFF || !actor.organizationId)
    throw new ForbiddenError(`${actor.role} may not read people`);
  return query.andWhere(
    `(EXISTS (SELECT 1 FROM memberships scope_m WHERE scope_m.person_id = ${PERSON_ALIAS}.id AND scope_m.organization_id = :scopeOrganizationId)
      OR ${recruitOpensPerson('scope_s', `${PERSON_ALIAS}.id`, ':scopeOrganizationId')})`,
    { scopeOrganizationId: actor.organizationId },
  );
}

/**
 * The same scope as SQL for set-based code (the import merge): whether the person whose id is the
 * SQL expression `personId` is visible to the organization `organizationId` (an expression too).
 */
export const personVisibleToOrganization = (personId: string, organizationId: string) =>
  `(EXISTS (SELECT 1 FROM memberships vis_m WHERE vis_m.person_id = ${personId} AND vis_m.organization_id = ${organizationId})
    OR ${signatureScopeSql().recruitedSignatureExists('vis_s', personId, organizationId)})`;

/** Staff may not ask who belongs to another organization (its roll is that organization's data). */
export function assertFilterAllowed(actor: Actor, filter: PersonFilter | null | undefined): void {
  if (!isAdmin(actor) && filter?.organizationId && filter.organizationId !== actor.organizationId) {
    throw new ForbiddenError('Staff may filter people by their own organization only');
  }
}

/** Applies the contract's PersonFilter; every condition can use an index. */
export function applyPersonFilter(
  query: SelectQueryBuilder<Person>,
  filter: PersonFilter | null | undefined,
): SelectQueryBuilder<Person> {
  if (!filter) return query;
  const search = filter.search?.trim();
  if (search) query.andWhere(`${PERSON_SEARCH_EXPRESSION} ILIKE :search`, { search: `%${escapeLike(search)}%` });
  if (filter.organizationId) {
    query.andWhere(
      `EXISTS (SELECT 1 FROM memberships filter_m WHERE filter_m.person_id = ${PERSON_ALIAS}.id AND filter_m.organization_id = :filterOrganizationId)`,
      { filterOrganizationId: filter.organizationId },
    );
  }
  if (filter.tag) query.andWhere(`${PERSON_ALIAS}.tags @> ARRAY[:filterTag]::text[]`, { filterTag: filter.tag });
  if (filter.campaignId) {
    // Signatories of the campaign; rejected and unconfirmed public signatures do not make a signatory.
    query.andWhere(signatureScopeSql().signedCampaignExists('filter_s', `${PERSON_ALIAS}.id`, ':filterCampaignId'), {
      filterCampaignId: filter.campaignId,
    });
  }
  if (filter.emailStatus)
    query.andWhere(`${PERSON_ALIAS}.email_status = :filterEmailStatus`, { filterEmailStatus: filter.emailStatus });
  return query;
}

/** Orders a people query in listing order (for exports that stream every row). */
export function orderPeople(query: SelectQueryBuilder<Person>): SelectQueryBuilder<Person> {
  PERSON_SORT_KEYS.forEach((key, i) =>
    i === 0 ? query.orderBy(key.expression, 'ASC') : query.addOrderBy(key.expression, 'ASC'),
  );
  return query;
}

/**
 * Organizations other than `organizationId` that hold the person: a membership, or a signature
 * they recruited. Staff may merge, export or erase only people no other organization holds.
 * $1 the person, $2 the organization.
 */
export const otherOrganizationsHoldingPersonSql = () => `
  SELECT organization_id FROM memberships WHERE person_id = $1 AND organization_id <> $2
  UNION ${signatureScopeSql().otherRecruitingOrganizations('$1', '$2')}`;
