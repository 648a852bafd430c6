import DataLoader from 'dataloader';
import { byKey, GraphqlContext, requestLoader } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';

/** The request's organization-by-id loader (the same key as the users resolver uses). */
export function loadOrganization(context: GraphqlContext, organizations: OrganizationsService, id: string): Promise<Organization | null> {
  return requestLoader(context, 'organizations.byId', () => new DataLoader<string, Organization | null>(async (ids) => byKey(ids, await organizations.byIds(ids), (o) => o.id))).load(id);
}
