import { audiencePeopleSql, isMemberOfAnySql, isMemberOfSql, suppressedEmailSql } from '@chorus/people';
import { signedCampaignSql } from '@chorus/campaigns';
import { pressListRecipientsSql } from '@chorus/press';
import type { Audience } from '../entities/mailing.entity';

/** True when the audience selects people (as opposed to press contacts only). */
export const selectsPeople = (a: Audience): boolean =>
  Boolean(a.campaignId || a.organizationIds?.length || a.tags?.length);
export const selectsPress = (a: Audience): boolean => Boolean(a.pressListIds?.length);

/**
 * Compiles an audience into ONE SQL query yielding (person_id, press_contact_id, suppressed).
 * People criteria combine with AND (organizations and tags each match any of theirs); press
 * lists add their contacts. `ownerOrganizationId` confines people to that organization's members,
 * so an organization's mailing can never reach anyone else, whatever its audience says.
 * Who may be selected, who signed and who belongs where are the owning areas' fragments
 * (people, campaigns, press), inlined: still one set-based statement.
 */
export function compileAudience(audience: Audience, ownerOrganizationId: string | null, params: unknown[]): string {
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let people: string | null = null;
  if (selectsPeople(audience)) {
    const where: string[] = [];
    if (audience.campaignId)
      where.push(signedCampaignSql('p.id', bind(audience.campaignId), { verifiedOnly: audience.verifiedOnly }));
    if (audience.organizationIds?.length)
      where.push(isMemberOfAnySql('p.id', `${bind(audience.organizationIds)}::uuid[]`));
    if (audience.tags?.length) where.push(`p.tags && ${bind(audience.tags)}::text[]`);
    if (ownerOrganizationId) where.push(isMemberOfSql('p.id', `${bind(ownerOrganizationId)}::uuid`));
    // The erased and the suppression list's emails are never in audiencePeopleSql.
    people = `SELECT p.id AS person_id, NULL::uuid AS press_contact_id, p.do_not_mail AS suppressed, p.email
      FROM ${audiencePeopleSql()} p${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  }
  let press: string | null = null;
  if (selectsPress(audience) && !ownerOrganizationId) {
    // A contact whose address is on the suppression list (an erased or opted-out person's) is recorded, not mailed.
    press = `SELECT NULL::uuid AS person_id, pc.id AS press_contact_id, pc.do_not_mail OR ${suppressedEmailSql('pc.email')} AS suppressed, pc.email
      FROM ${pressListRecipientsSql(`${bind(audience.pressListIds)}::uuid[]`)} pc`;
  }
  const columns = 'person_id, press_contact_id, suppressed';
  if (people && press)
    // One message per address: a press contact who is also a selected person is reached (or
    // suppressed, by their own opt-out) as that person.
    return `WITH audience_people AS (${people})
      SELECT ${columns} FROM audience_people
      UNION ALL
      SELECT ${columns} FROM (${press}) pc
       WHERE NOT EXISTS (SELECT 1 FROM audience_people ap WHERE lower(ap.email) = lower(pc.email))`;
  if (people || press) return `SELECT ${columns} FROM (${people ?? press}) a`;
  return `SELECT NULL::uuid AS person_id, NULL::uuid AS press_contact_id, false AS suppressed WHERE false`;
}
