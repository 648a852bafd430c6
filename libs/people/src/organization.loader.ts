import DataLoader from 'dataloader';
import { byKey, GraphqlContext, prefetchedOrLoad } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';

/** The key of the request's organization-by-id loader (the users resolver uses it too). */
export const ORGANIZATIONS_BY_ID = 'organizations.byId';

/**
 * The request's organization-by-id loader, or the organization a list resolver prefetched under
 * the same key (then synchronously). Fields at different depths may pass a key of their own so
 * that each batches into exactly one query (otherwise which of them reaches the shared cache
 * first depends on timing).
 */
export function loadOrganization(
  context: GraphqlContext,
  organizations: OrganizationsService,
  id: string,
  key = ORGANIZATIONS_BY_ID,
): Organization | null | Promise<Organization | null> {
  return prefetchedOrLoad(
    context,
    key,
    id,
    () =>
      new DataLoader<string, Organization | null>(async (ids) =>
        byKey(ids, await organizations.byIds(ids), (o) => o.id),
      ),
  );
}
