import DataLoader from 'dataloader';
import { byKey, GraphqlContext, requestLoader } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';

/**
 * The request's organization-by-id loader (the same key as the users resolver uses). Fields at
 * different depths may pass a key of their own so that each batches into exactly one query
 * (otherwise which of them reaches the shared cache first depends on timing).
 */
export function loadOrganization(
  context: GraphqlContext,
  organizations: OrganizationsService,
  id: string,
  key = 'organizations.byId',
): Promise<Organization | null> {
  return requestLoader(
    context,
    key,
    () =>
      new DataLoader<string, Organization | null>(async (ids) =>
        byKey(ids, await organizations.byIds(ids), (o) => o.id),
      ),
  ).load(id);
}
