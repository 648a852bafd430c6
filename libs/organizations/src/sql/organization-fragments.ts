/**
 * SQL fragments for other areas' set-based queries (issue 15): they read organizations through
 * these, never by naming the table.
 */

/** The name of the organization whose id is the SQL expression (null when there is none). */
export const organizationNameSql = (organizationId: string): string =>
  `(SELECT o.name FROM organizations o WHERE o.id = ${organizationId})`;
