// The set-based merge of one chunk of staged rows: statements run in order in one transaction.
// Plain INSERTs rather than ON CONFLICT (whose speculative insertion costs twice as much per
// row): merges are serialized by an advisory lock, and a rare clash with a person created by
// hand at the same moment fails the chunk, which the job then retries.
import {
  addImportedMembershipsSql,
  fillImportedPeopleSql,
  importedPeopleConsentSql,
  insertImportedPeopleSql,
  personIdByEmailKeySql,
  personVisibleToOrganization,
  suppressedEmailSql,
} from '@chorus/people';

/**
 * The row error of an ORG_STAFF row naming a person their organization cannot see (one who is
 * only in another organization, or in none): the same words whatever the reason, so that it does
 * not tell whether the email exists elsewhere. (Emails that may not be imported at all, such as
 * suppressed ones, should use it too for ORG_STAFF imports.)
 */
export const REFUSED_EMAIL = 'this email cannot be imported by your organization';

/**
 * Serializes the merges of one partition across imports (two imports never insert the same
 * email concurrently), taken per chunk transaction. $1 partition.
 */
export const LOCK_MERGES = `SELECT pg_advisory_xact_lock(hashtext('chorus.imports.merge'), $1)`;

/**
 * The chunk's rows with their organization resolved and every reason to reject them.
 * $1 first row (exclusive), $2 last row (inclusive), $3 lowercased organization names, $4 their
 * ids, $5 the organization ORG_STAFF imports are bound to (or null), $6 the partition.
 */
export const CHUNK_ROWS = (staging: string) => `
  CREATE TEMP TABLE import_chunk ON COMMIT DROP AS
  SELECT s.row_number, s.row_id, s.email, lower(s.email) AS key, s.first_name, s.last_name, s.role, s.tags,
         coalesce($5::uuid, o.id) AS organization_id,
         CASE
           WHEN s.error IS NOT NULL THEN s.error
           WHEN ${suppressedEmailSql('s.email')} THEN 'suppressed: this email was erased or opted out (merged away)'
           WHEN s.organization IS NOT NULL AND o.id IS NULL THEN 'unknown organization "' || s.organization || '"'
           WHEN $5::uuid IS NOT NULL AND s.organization IS NOT NULL AND o.id <> $5::uuid
             THEN 'organization "' || s.organization || '" is not yours: your imports go to your own organization'
         END AS error
  FROM ${staging} s
  LEFT JOIN unnest($3::text[], $4::uuid[]) AS o(name, id) ON o.name = lower(s.organization)
  WHERE s.part = $6 AND s.row_number > $1 AND s.row_number <= $2`;

/** $1 import id. */
export const RECORD_ERRORS = `
  INSERT INTO import_row_errors (import_id, row_number, message)
  SELECT $1, row_number, error FROM import_chunk WHERE error IS NOT NULL
  ON CONFLICT DO NOTHING`;

/**
 * One line per distinct email (case-insensitive): the first row's values win, the first last name
 * given fills a missing one, tags add up; with the id of the person who already has that email
 * (found through people_email_key), or else the first row's staged id. `refused`: an ORG_STAFF
 * import ($1, the organization it is bound to) meets an existing person their organization cannot
 * see; it may neither add them to its roll nor change their name or tags. Most emails occur once in
 * a chunk: their first row is taken as it is (DISTINCT ON), and only emails with several rows are
 * aggregated, which spares a sort per ordered aggregate and email. (A function: the scope's
 * signature fragment is registered by campaigns when it loads.)
 */
export const CHUNK_PEOPLE = () => `
  -- $1 the organization an ORG_STAFF import is bound to (null for admins)
  CREATE TEMP TABLE import_people ON COMMIT DROP AS
  WITH repeated AS (
    SELECT key,
           (array_agg(last_name ORDER BY row_number) FILTER (WHERE last_name IS NOT NULL))[1] AS last_name,
           import_merge_tags('{}', coalesce(string_to_array(string_agg(tags, ';' ORDER BY row_number), ';'), '{}')) AS tags
    FROM import_chunk
    WHERE error IS NULL AND key IN (SELECT key FROM import_chunk WHERE error IS NULL GROUP BY key HAVING count(*) > 1)
    GROUP BY key
  ), firsts AS (
    SELECT DISTINCT ON (key) key, row_id, email, first_name, last_name, tags
    FROM import_chunk WHERE error IS NULL
    ORDER BY key, row_number
  )
  SELECT f.key, f.email, f.first_name, coalesce(f.last_name, r.last_name) AS last_name,
         coalesce(r.tags, string_to_array(f.tags, ';'), '{}') AS tags,
         coalesce(p.id, f.row_id) AS person_id, p.id IS NULL AS is_new,
         CASE WHEN $1::uuid IS NULL OR p.id IS NULL THEN false ELSE NOT ${personVisibleToOrganization('p.id', '$1::uuid')} END AS refused
  FROM firsts f
  LEFT JOIN repeated r ON r.key = f.key
  LEFT JOIN LATERAL (${personIdByEmailKeySql('f.key')}) p ON true`;

/** Every row of a refused person fails (with REFUSED_EMAIL; $1) and the person is left alone. */
export const REFUSE_ROWS = `
  UPDATE import_chunk c SET error = $1 FROM import_people i WHERE i.refused AND c.key = i.key AND c.error IS NULL`;
export const DROP_REFUSED = `DELETE FROM import_people WHERE refused`;

/** The people area's statements over the chunk's tables (see @chorus/people import-merge.sql.ts). */
export const INSERT_PEOPLE = insertImportedPeopleSql('import_people');

/** The consent log entry of each person the chunk created (source IMPORT, the import's declared lawful basis). $1 import id. */
export const RECORD_IMPORTED_CONSENT = importedPeopleConsentSql(
  'SELECT person_id FROM import_people WHERE is_new',
  '$1',
  'SELECT lawful_basis FROM import_jobs WHERE id = $1',
);

export const FILL_EXISTING_PEOPLE = fillImportedPeopleSql('import_people');
export const ADD_MEMBERSHIPS = addImportedMembershipsSql('import_chunk', 'import_people');
