/**
 * SQL fragments for other areas' set-based queries (issue 15): they read organizations through
 * these, never by naming the table.
 */

/**
 * The name of the organization whose id is the SQL expression (null when there is none). The
 * alias is unusual on purpose: the expression may name the caller's own `o`.
 */
export const organizationNameSql = (organizationId: string): string =>
  `(SELECT org_name.name FROM organizations org_name WHERE org_name.id = ${organizationId})`;
