import { EntityManager } from 'typeorm';
import { organizationNameSql } from '@chorus/organizations';

export interface MembershipRow {
  person_id: string;
  organization: string;
  role: string;
}

/**
 * The memberships of these people with their organization's name, by person then organization
 * name (one query, for the CSV export); only those in `organizationId` when it is given.
 */
export function membershipRowsOf(
  manager: EntityManager,
  personIds: string[],
  organizationId: string | null,
): Promise<MembershipRow[]> {
  return manager.query(
    `SELECT m.person_id, ${organizationNameSql('m.organization_id')} AS organization, m.role FROM memberships m
     WHERE m.person_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR m.organization_id = $2::uuid) ORDER BY m.person_id, organization`,
    [personIds, organizationId],
  );
}
