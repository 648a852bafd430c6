import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organization names are stored trimmed with every run of whitespace one space (the API does so
 * since this change), so that the unique index on lower(name) also refuses " QA Union" and
 * "qa  union" beside "QA Union". This normalizes the names stored before.
 *
 * Near-duplicates (names equal once normalized, in any case) cannot all be normalized without
 * breaking the unique index: per group, the name already normalized (else the oldest) is
 * normalized and the others are left exactly as they are, for an admin to rename or merge; the
 * API's uniqueness check compares normalized names, so no new name can join such a group. Never
 * fails on existing data; running it again changes nothing. Find the leftovers with
 * `SELECT id, name FROM organizations WHERE name ~ '^\s|\s$|\s\s|[\t\n\r\f\v]'`.
 */
export class OrganizationNamesNormalized1765001200000 implements MigrationInterface {
  name = 'OrganizationNamesNormalized1765001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH normalized AS (
        SELECT id, name, created_at,
               regexp_replace(regexp_replace(name, '^\\s+|\\s+$', '', 'g'), '\\s+', ' ', 'g') AS normal
          FROM organizations),
      ranked AS (
        SELECT id, name, normal,
               row_number() OVER (PARTITION BY lower(normal) ORDER BY (name = normal) DESC, created_at, id) AS rank
          FROM normalized)
      UPDATE organizations o SET name = r.normal, updated_at = now()
        FROM ranked r
       WHERE o.id = r.id AND r.rank = 1 AND r.name <> r.normal AND r.normal <> ''`);
  }

  async down(): Promise<void> {
    // The original spacing is not kept: nothing to undo.
  }
}
