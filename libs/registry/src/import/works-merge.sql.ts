/**
 * The set-based merge of `registry_works_staging` into the organization's works ($1):
 * 1. each staged row finds the work the organization registered under its key identifier;
 * 2. those works are updated (identifiers given in the row replace the old ones);
 * 3. the rest are inserted with their staged ids; a row whose other identifiers collide with
 *    another work is skipped (ON CONFLICT DO NOTHING) and keeps work_id NULL, a row error.
 */
export const WORKS_MERGE_SQL = `
  WITH matched AS (
    UPDATE registry_works_staging s SET work_id = w.id
    FROM registry_works w
    WHERE w.organization_id = $1 AND (
      (s.key_scheme = 'isrc' AND w.isrc = s.key_value) OR (s.key_scheme = 'iswc' AND w.iswc = s.key_value) OR
      (s.key_scheme = 'isbn' AND w.isbn = s.key_value) OR (s.key_scheme = 'url' AND w.url = s.key_value))
    RETURNING s.row_number, s.work_id
  ), updated AS (
    UPDATE registry_works w SET
      title = s.title, kind = s.kind,
      creator_person_id = coalesce(s.creator_person_id, w.creator_person_id),
      isrc = coalesce(s.isrc, w.isrc), iswc = coalesce(s.iswc, w.iswc), isbn = coalesce(s.isbn, w.isbn),
      isni = coalesce(s.isni, w.isni), url = coalesce(s.url, w.url), updated_at = now()
    FROM registry_works_staging s JOIN matched m ON m.row_number = s.row_number
    WHERE w.id = m.work_id
    RETURNING w.id
  ), inserted AS (
    INSERT INTO registry_works (id, organization_id, creator_person_id, title, kind, isrc, iswc, isbn, isni, url)
    SELECT s.id, $1, s.creator_person_id, s.title, s.kind, s.isrc, s.iswc, s.isbn, s.isni, s.url
    FROM registry_works_staging s
    WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.row_number = s.row_number)
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT (SELECT count(*) FROM updated) AS updated, (SELECT count(*) FROM inserted) AS created`;

/** After the merge: inserted rows point at their new work (same id); rows still without one were skipped. */
export const MARK_INSERTED_SQL = `UPDATE registry_works_staging s SET work_id = s.id FROM registry_works w WHERE s.work_id IS NULL AND w.id = s.id`;
