/**
 * The name of the organization whose id is the SQL expression `organizationId` (null when none),
 * as a scalar subquery other areas inline where they show who recruited or holds a row.
 */
export const organizationNameSql = (organizationId: string) => `(SELECT org_name.name FROM organizations org_name WHERE org_name.id = ${organizationId})`;
