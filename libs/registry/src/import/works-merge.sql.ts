/**
 * The set-based merge of `registry_works_staging` into the organization's works ($1), in steps:
 * 1. MATCH: each staged row finds the work the organization registered under its key identifier;
 * 2. CHECK: a row naming an ISRC, ISWC, ISBN or URL that another work holds (of any organization:
 *    an identifier names one work in the whole registry) is refused with that field;
 * 3. CHECK_FILE: so is a row sharing one with an earlier row of the file, or updating its work;
 * 4. MERGE: matched works are updated (identifiers given in the row replace the old ones), the
 *    other rows inserted with their staged ids; ON CONFLICT DO NOTHING only catches a concurrent
 *    registration, and such a row keeps work_id NULL, a row error too.
 */
export const MATCH_SQL = `
  UPDATE registry_works_staging s SET target_id = w.id
  FROM registry_works w
  WHERE w.organization_id = $1 AND (
    (s.key_scheme = 'isrc' AND w.isrc = s.key_value) OR (s.key_scheme = 'iswc' AND w.iswc = s.key_value) OR
    (s.key_scheme = 'isbn' AND w.isbn = s.key_value) OR (s.key_scheme = 'url' AND w.url = s.key_value))`;

const holderOf = (scheme: string, ord: number) =>
  `SELECT ${ord} AS ord, '${scheme}' AS field, w.organization_id FROM registry_works w WHERE w.${scheme} = s.${scheme} AND w.id IS DISTINCT FROM s.target_id`;

export const CHECK_SQL = `
  UPDATE registry_works_staging u SET error_field = c.field,
    error_message = CASE WHEN c.organization_id = $1 THEN 'belongs to another work of the organization'
                         ELSE 'is already registered by another organization' END
  FROM (
    SELECT DISTINCT ON (s.row_number) s.row_number, h.field, h.organization_id
    FROM registry_works_staging s CROSS JOIN LATERAL (
      ${holderOf('isrc', 1)} UNION ALL ${holderOf('iswc', 2)} UNION ALL ${holderOf('isbn', 3)} UNION ALL ${holderOf('url', 4)}
    ) h
    ORDER BY s.row_number, h.ord
  ) c
  WHERE u.row_number = c.row_number`;

const firstRow = (column: string) =>
  `min(row_number) FILTER (WHERE ${column} IS NOT NULL) OVER (PARTITION BY ${column})`;

export const CHECK_FILE_SQL = `
  UPDATE registry_works_staging s SET error_field = r.field, error_message = r.message
  FROM (
    SELECT DISTINCT ON (f.row_number) f.row_number, x.field, x.message
    FROM (
      SELECT row_number, key_scheme, ${firstRow('isrc')} AS isrc, ${firstRow('iswc')} AS iswc,
             ${firstRow('isbn')} AS isbn, ${firstRow('url')} AS url, ${firstRow('target_id')} AS work
      FROM registry_works_staging WHERE error_field IS NULL
    ) f CROSS JOIN LATERAL (VALUES
      (1, 'isrc', f.isrc, 'is also on row ' || f.isrc), (2, 'iswc', f.iswc, 'is also on row ' || f.iswc),
      (3, 'isbn', f.isbn, 'is also on row ' || f.isbn), (4, 'url', f.url, 'is also on row ' || f.url),
      (5, f.key_scheme, f.work, 'names the same work as row ' || f.work)
    ) x(ord, field, first_row, message)
    WHERE x.first_row < f.row_number
    ORDER BY f.row_number, x.ord
  ) r
  WHERE s.row_number = r.row_number`;

export const WORKS_MERGE_SQL = `
  WITH updated AS (
    UPDATE registry_works w SET
      title = s.title, kind = s.kind,
      creator_person_id = coalesce(s.creator_person_id, w.creator_person_id),
      isrc = coalesce(s.isrc, w.isrc), iswc = coalesce(s.iswc, w.iswc), isbn = coalesce(s.isbn, w.isbn),
      isni = coalesce(s.isni, w.isni), url = coalesce(s.url, w.url), updated_at = now()
    FROM registry_works_staging s
    WHERE w.id = s.target_id AND s.error_field IS NULL
    RETURNING w.id
  ), inserted AS (
    INSERT INTO registry_works (id, organization_id, creator_person_id, title, kind, isrc, iswc, isbn, isni, url)
    SELECT s.id, $1, s.creator_person_id, s.title, s.kind, s.isrc, s.iswc, s.isbn, s.isni, s.url
    FROM registry_works_staging s
    WHERE s.target_id IS NULL AND s.error_field IS NULL
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT (SELECT count(*) FROM updated) AS updated, (SELECT count(*) FROM inserted) AS created`;

/** After the merge: each merged row points at its work (the matched one, or its new one with the same id). */
export const MARK_MERGED_SQL = `
  UPDATE registry_works_staging s SET work_id = coalesce(s.target_id, w.id)
  FROM registry_works w WHERE s.error_field IS NULL AND w.id = coalesce(s.target_id, s.id)`;
