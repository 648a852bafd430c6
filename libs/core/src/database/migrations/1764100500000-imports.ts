import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of import jobs, row errors, staging (issue 6). */
export class Imports1764100500000 implements MigrationInterface {
  name = 'Imports1764100500000';

  async up(q: QueryRunner): Promise<void> {
    // One row per uploaded file; counts add up as chunks commit.
    await q.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        kind text NOT NULL DEFAULT 'PEOPLE' CHECK (kind IN ('PEOPLE')),
        status text NOT NULL DEFAULT 'RECEIVING' CHECK (status IN ('RECEIVING','PENDING','PROCESSING','DONE','FAILED')),
        organization_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
        created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        total_rows integer NOT NULL DEFAULT 0,
        partitions smallint NOT NULL DEFAULT 1 CHECK (partitions BETWEEN 1 AND 16),
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_jobs_organization ON import_jobs (organization_id, created_at)`);

    // The merge cursor of each partition (rows split by a hash of the email, merged in parallel):
    // a chunk advances it in the same transaction as its merge, so a retried job resumes without
    // applying a row twice.
    await q.query(`
      CREATE TABLE import_progress (
        import_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
        part smallint NOT NULL,
        last_row integer NOT NULL DEFAULT 0,
        done boolean NOT NULL DEFAULT false,
        PRIMARY KEY (import_id, part)
      )`);

    await q.query(`
      CREATE TABLE import_row_errors (
        import_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        message text NOT NULL,
        PRIMARY KEY (import_id, row_number)
      )`);

    // Each upload is COPYed into its own unlogged table here (dropped when the import is done):
    // no WAL for data that can be uploaded again, and cleaning up is a DROP, not a big DELETE.
    await q.query(`CREATE SCHEMA import_staging`);

    // existing tags followed by the added ones not already present, in order, without repeats.
    await q.query(`
      CREATE FUNCTION import_merge_tags(existing text[], added text[]) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(tag ORDER BY position), '{}')
        FROM (SELECT tag, min(position) AS position FROM unnest(existing || added) WITH ORDINALITY AS u(tag, position) GROUP BY tag) AS d
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION import_merge_tags(text[], text[])`);
    await q.query(`DROP SCHEMA import_staging CASCADE`);
    await q.query(`DROP TABLE import_row_errors`);
    await q.query(`DROP TABLE import_progress`);
    await q.query(`DROP TABLE import_jobs`);
  }
}
