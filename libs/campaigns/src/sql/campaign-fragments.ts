/** SQL fragments for other areas' set-based queries (issue 15): they read campaigns through these. */

/** The title of the campaign whose id is the SQL expression (null when there is none). */
export const campaignTitleSql = (campaignId: string): string =>
  `(SELECT c.title FROM campaigns c WHERE c.id = ${campaignId})`;
