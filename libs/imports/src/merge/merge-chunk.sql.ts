// The set-based merge of one chunk of staged rows, as SQL run in one transaction.
// CHUNK_ROWS: $1 first row (exclusive), $2 last row (inclusive), $3 lowercased organization
// names, $4 their ids, $5 the organization ORG_STAFF imports are bound to (or null).

/** The chunk's rows with their organization resolved and every reason to reject them. */
export const CHUNK_ROWS = (staging: string) => `
  CREATE TEMP TABLE import_chunk ON COMMIT DROP AS
  SELECT s.row_number, s.email, s.first_name, s.last_name, s.role, s.tags,
         coalesce($5::uuid, o.id) AS organization_id,
         CASE
           WHEN s.error IS NOT NULL THEN s.error
           WHEN s.organization IS NOT NULL AND o.id IS NULL THEN 'unknown organization "' || s.organization || '"'
           WHEN $5::uuid IS NOT NULL AND s.organization IS NOT NULL AND o.id <> $5::uuid
             THEN 'organization "' || s.organization || '" is not yours: your imports go to your own organization'
         END AS error
  FROM ${staging} s
  LEFT JOIN unnest($3::text[], $4::uuid[]) AS o(name, id) ON o.name = lower(s.organization)
  WHERE s.row_number > $1 AND s.row_number <= $2`;

/** $1 import id. */
export const RECORD_ERRORS = `
  INSERT INTO import_row_errors (import_id, row_number, message)
  SELECT $1, row_number, error FROM import_chunk WHERE error IS NOT NULL
  ON CONFLICT DO NOTHING`;

/** One line per distinct email (case-insensitive): the first row's values win, tags add up. */
export const CHUNK_PEOPLE = `
  CREATE TEMP TABLE import_people ON COMMIT DROP AS
  SELECT (array_agg(email ORDER BY row_number))[1] AS email,
         (array_agg(first_name ORDER BY row_number))[1] AS first_name,
         (array_agg(last_name ORDER BY row_number) FILTER (WHERE last_name IS NOT NULL))[1] AS last_name,
         CASE WHEN count(*) = 1 THEN coalesce(string_to_array(min(tags), ';'), '{}')
              ELSE import_merge_tags('{}', coalesce(string_to_array(string_agg(tags, ';' ORDER BY row_number), ';'), '{}')) END AS tags,
         count(*)::int AS rows
  FROM import_chunk WHERE error IS NULL
  GROUP BY lower(email)`;

/**
 * Creates new people; for existing ones only fills what is empty and adds tags. Never touches
 * email_status (an UNSUBSCRIBED or BOUNCING person stays so) and leaves unchanged rows alone.
 * Returns how many people were created.
 */
export const UPSERT_PEOPLE = `
  WITH upserted AS (
    INSERT INTO people (email, first_name, last_name, tags)
    SELECT email, first_name, last_name, tags FROM import_people
    ON CONFLICT (email) DO UPDATE SET
      first_name = CASE WHEN people.first_name = '' THEN excluded.first_name ELSE people.first_name END,
      last_name = CASE WHEN coalesce(people.last_name, '') = '' THEN excluded.last_name ELSE people.last_name END,
      tags = CASE WHEN excluded.tags <@ people.tags THEN people.tags ELSE import_merge_tags(people.tags, excluded.tags) END,
      updated_at = now()
    WHERE people.first_name = ''
       OR (coalesce(people.last_name, '') = '' AND excluded.last_name IS NOT NULL)
       OR NOT (excluded.tags <@ people.tags)
    RETURNING xmax = 0 AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS created FROM upserted`;

/** Adds the memberships the rows name; an existing membership (and its role) is kept as is. */
export const ADD_MEMBERSHIPS = `
  INSERT INTO memberships (person_id, organization_id, role)
  SELECT DISTINCT ON (p.id, c.organization_id) p.id, c.organization_id, coalesce(c.role, 'MEMBER')
  FROM import_chunk c JOIN people p ON p.email = c.email::citext
  WHERE c.error IS NULL AND c.organization_id IS NOT NULL
  ORDER BY p.id, c.organization_id, c.row_number
  ON CONFLICT (person_id, organization_id) DO NOTHING`;
