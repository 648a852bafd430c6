import { EmailStatus } from '../entities/person.entity';
import { suppressedEmailSql } from '../consent/consent.sql';

/**
 * SQL fragments for the mailing pipeline (issue 15): mailings selects and addresses people
 * through these, never through people's tables. The derived tables are simple subqueries that
 * PostgreSQL pulls up into the caller's query, so the plan is the one of joining `people` itself.
 */

/** The one rule for "may not be mailed": any status but SUBSCRIBED (opted out, bouncing, complained). */
const doNotMail = (alias: string) => `(${alias}.email_status <> '${EmailStatus.SUBSCRIBED}')`;

/**
 * The people an audience may select, as a derived table `(id, tags, do_not_mail)`: never the
 * erased, nor anyone whose email is on the erasure suppression list. Those who may not be mailed
 * are kept (with `do_not_mail`), so that their deliveries record them as suppressed.
 */
export const audiencePeopleSql = (): string =>
  `(SELECT p.id, p.email, p.tags, ${doNotMail('p')} AS do_not_mail FROM people p WHERE p.erased_at IS NULL AND NOT ${suppressedEmailSql('p.email')})`;

/** Whether the person (an SQL expression) is a member of the organization (an SQL expression). */
export const isMemberOfSql = (personId: string, organizationId: string): string =>
  `EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = ${personId} AND m.organization_id = ${organizationId})`;

/** Whether the person is a member of any of these organizations (an SQL expression of type uuid[]). */
export const isMemberOfAnySql = (personId: string, organizationIds: string): string =>
  `EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = ${personId} AND m.organization_id = ANY(${organizationIds}))`;

/**
 * Recipients at send time, as a derived table `(id, email, first_name, last_name, do_not_mail)`
 * to LEFT JOIN on a person id: what a message needs and whether it may still go out.
 */
export const recipientPeopleSql = (): string =>
  `(SELECT p.id, p.email, p.first_name, p.last_name, ${doNotMail('p')} AS do_not_mail FROM people p)`;

/**
 * The organization a person is shown as belonging to (an SQL expression of type uuid, null
 * without a membership): the oldest of their memberships among `preferredOrganizationIds` (an
 * SQL expression of type uuid[]: a mailing's owner, or the organizations its audience names),
 * else their oldest membership's.
 */
export const shownOrganizationIdSql = (personId: string, preferredOrganizationIds: string): string =>
  `(SELECT m.organization_id FROM memberships m WHERE m.person_id = ${personId}
     ORDER BY (m.organization_id = ANY(${preferredOrganizationIds})) DESC NULLS LAST, m.created_at LIMIT 1)`;
