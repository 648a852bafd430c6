/**
 * The name a person is shown under publicly ("First Last"), for the person whose id is the SQL
 * expression `personId`: a scalar subquery other areas inline (e.g. the public signatory list).
 */
export const personPublicNameSql = (personId: string) =>
  `(SELECT trim(pn.first_name || ' ' || coalesce(pn.last_name, '')) FROM people pn WHERE pn.id = ${personId})`;
