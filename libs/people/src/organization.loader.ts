import DataLoader from 'dataloader';
import { byKey, GraphqlContext, loadAhead, prefetchedOrLoad } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';

/** The key of the request's organization-by-id loader (the users resolver uses it too). */
const ORGANIZATIONS_BY_ID = 'organizations.byId';

/** The request's organizations by id, in one SQL per batch. */
const organizationsById = (organizations: OrganizationsService) => () =>
  new DataLoader<string, Organization | null>(async (ids) => byKey(ids, await organizations.byIds(ids), (o) => o.id));

/**
 * The organization `id` through the request's organization-by-id loader, or at once when a list
 * loaded it ahead (`loadOrganizationsAhead`) under the same key. Fields at different depths may
 * pass a key of their own so that each batches into exactly one query (otherwise which of them
 * reaches the shared cache first depends on timing).
 */
export function loadOrganization(
  context: GraphqlContext,
  organizations: OrganizationsService,
  id: string,
  key = ORGANIZATIONS_BY_ID,
): Organization | null | Promise<Organization | null> {
  return prefetchedOrLoad(context, key, id, organizationsById(organizations));
}

/** Loads the organizations of a list's page ahead, for `loadOrganization` to answer at once. */
export function loadOrganizationsAhead(
  context: GraphqlContext,
  organizations: OrganizationsService,
  ids: readonly (string | null | undefined)[],
  key = ORGANIZATIONS_BY_ID,
): Promise<(Organization | null)[]> {
  return loadAhead(context, key, ids, organizationsById(organizations));
}
