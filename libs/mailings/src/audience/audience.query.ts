import { suppressedEmailSql } from '@chorus/people';
import type { Audience } from '../entities/mailing.entity';

/** True when the audience selects people (as opposed to press contacts only). */
export const selectsPeople = (a: Audience): boolean => Boolean(a.campaignId || a.organizationIds?.length || a.tags?.length);
export const selectsPress = (a: Audience): boolean => Boolean(a.pressListIds?.length);

/**
 * Compiles an audience into ONE SQL query yielding (person_id, press_contact_id, suppressed).
 * People criteria combine with AND (organizations and tags each match any of theirs); press
 * lists add their contacts. `ownerOrganizationId` confines people to that organization's members,
 * so an organization's mailing can never reach anyone else, whatever its audience says.
 */
export function compileAudience(audience: Audience, ownerOrganizationId: string | null, params: unknown[]): string {
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  if (selectsPeople(audience)) {
    const where: string[] = [];
    if (audience.campaignId) {
      where.push(`EXISTS (SELECT 1 FROM signatures s WHERE s.person_id = p.id AND s.campaign_id = ${bind(audience.campaignId)}
        AND ${audience.verifiedOnly ? `s.verification = 'VERIFIED'` : `s.verification <> 'REJECTED'`}
        AND (s.channel <> 'PUBLIC' OR s.confirmed_at IS NOT NULL))`);
    }
    if (audience.organizationIds?.length) {
      where.push(`EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.organization_id = ANY(${bind(audience.organizationIds)}::uuid[]))`);
    }
    if (audience.tags?.length) where.push(`p.tags && ${bind(audience.tags)}::text[]`);
    if (ownerOrganizationId) {
      where.push(`EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.id AND m.organization_id = ${bind(ownerOrganizationId)}::uuid)`);
    }
    // Erased people are skipped; so is anyone whose email is on the erasure suppression list.
    where.push(`p.erased_at IS NULL AND NOT ${suppressedEmailSql('p.email')}`);
    parts.push(`SELECT p.id AS person_id, NULL::uuid AS press_contact_id, p.email_status <> 'SUBSCRIBED' AS suppressed
      FROM people p WHERE ${where.join(' AND ')}`);
  }
  if (selectsPress(audience) && !ownerOrganizationId) {
    parts.push(`SELECT NULL::uuid AS person_id, pc.id AS press_contact_id, pc.do_not_contact AS suppressed
      FROM press_contacts pc WHERE EXISTS (SELECT 1 FROM press_list_contacts l
        WHERE l.press_contact_id = pc.id AND l.press_list_id = ANY(${bind(audience.pressListIds)}::uuid[]))`);
  }
  if (parts.length === 0) return `SELECT NULL::uuid AS person_id, NULL::uuid AS press_contact_id, false AS suppressed WHERE false`;
  return parts.join(' UNION ALL ');
}
