/**
 * The people area's part of the CSV import merge (issue 15: imports never name people or
 * memberships). Set-based statements the import runs in its chunk transaction, over its own
 * temporary tables, whose names it passes in:
 * - `people` (one line per distinct email): key (lowercased email), email, first_name,
 *   last_name, tags, person_id, is_new;
 * - `rows` (the chunk's rows): key, row_id, row_number, organization_id, role, error.
 * Plain INSERTs rather than ON CONFLICT: the import serializes its merges (see merge-chunk.sql.ts).
 */

/**
 * The id of the person who already has the email whose lowercased form is the SQL expression
 * `key`, for a LATERAL join: one probe of people_email_key (LIMIT 1 keeps the planner from
 * turning it into a join that reads the whole people table for every chunk).
 */
export const personIdByEmailKeySql = (key: string) => `SELECT id FROM people WHERE lower(email::text) = ${key} LIMIT 1`;

/** Creates the chunk's new people (SUBSCRIBED by the column default; the consent log records it). */
export const insertImportedPeopleSql = (people: string) => `
  INSERT INTO people (id, email, first_name, last_name, tags)
  SELECT person_id, email, first_name, last_name, tags FROM ${people} WHERE is_new ORDER BY key`; // in index order: fewer pages touched

/**
 * Existing people: only fills what is empty and adds tags; never touches the email status (an
 * UNSUBSCRIBED or BOUNCING person stays so) and leaves people the rows would not change alone.
 */
export const fillImportedPeopleSql = (people: string) => `
  UPDATE people SET
    first_name = CASE WHEN people.first_name = '' THEN i.first_name ELSE people.first_name END,
    last_name = CASE WHEN coalesce(people.last_name, '') = '' THEN coalesce(i.last_name, people.last_name) ELSE people.last_name END,
    tags = CASE WHEN i.tags <@ people.tags THEN people.tags ELSE import_merge_tags(people.tags, i.tags) END,
    updated_at = now()
  FROM ${people} i
  WHERE NOT i.is_new AND people.id = i.person_id
    AND (people.first_name = ''
      OR (coalesce(people.last_name, '') = '' AND i.last_name IS NOT NULL)
      OR NOT (i.tags <@ people.tags))`;

/**
 * Adds the memberships the rows name, each with the staged id of its first row; an existing
 * membership (and its role) is kept as is.
 */
export const addImportedMembershipsSql = (rows: string, people: string) => `
  INSERT INTO memberships (id, person_id, organization_id, role)
  SELECT DISTINCT ON (i.person_id, c.organization_id) c.row_id, i.person_id, c.organization_id, coalesce(c.role, 'MEMBER')
  FROM ${rows} c JOIN ${people} i ON i.key = c.key
  -- Only people who existed before can have the membership already: one index probe each (as a
  -- lateral subquery, so that the planner cannot hash the whole memberships table instead).
  LEFT JOIN LATERAL (
    SELECT true AS present FROM memberships m
    WHERE NOT i.is_new AND m.person_id = i.person_id AND m.organization_id = c.organization_id LIMIT 1
  ) m ON true
  WHERE c.error IS NULL AND c.organization_id IS NOT NULL AND m.present IS NULL
  ORDER BY i.person_id, c.organization_id, c.row_number`;
