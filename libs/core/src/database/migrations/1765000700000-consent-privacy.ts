import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the consent log behind people.email_status, the suppression list of erased emails,
 * and the SQL helpers erasure uses to scrub free text and audit payloads.
 */
export class ConsentPrivacy1765000700000 implements MigrationInterface {
  name = 'ConsentPrivacy1765000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_events (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('SUBSCRIBED','UNSUBSCRIBED','BOUNCING','SPAM_COMPLAINT')),
        source text NOT NULL CHECK (source IN ('PUBLIC_SIGNUP','IMPORT','STAFF','ONE_CLICK','ADMIN','MAIL_SYSTEM','MERGE','ERASURE','MIGRATION')),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        text_shown text,
        lawful_basis text,
        actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        ip_hash text,
        import_id uuid REFERENCES import_jobs(id) ON DELETE SET NULL,
        mailing_id uuid REFERENCES mailings(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX consent_events_person ON consent_events (person_id, occurred_at DESC, id DESC)`);
    // Every existing person gets the event their current columns describe.
    await q.query(`
      INSERT INTO consent_events (person_id, status, source, occurred_at, text_shown)
      SELECT id, email_status,
        CASE consent_source WHEN 'PUBLIC_SIGNUP' THEN 'PUBLIC_SIGNUP' WHEN 'STAFF' THEN 'STAFF' WHEN 'IMPORT' THEN 'IMPORT'
          WHEN 'unsubscribe-link' THEN 'ONE_CLICK' ELSE 'MIGRATION' END,
        coalesce(email_status_changed_at, consent_at, created_at), consent_text
      FROM people`);

    await q.query(`ALTER TABLE people ADD COLUMN erased_at timestamptz`);
    await q.query(`
      CREATE FUNCTION chorus_email_hash(email text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT encode(sha256(convert_to(lower(email), 'UTF8')), 'hex') $$`);
    await q.query(`
      CREATE TABLE suppressed_emails (
        email_hash text PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('ERASED','MERGED_OPT_OUT')),
        suppressed_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Replaces every case-insensitive occurrence of each secret in a text by '[erased]'.
    await q.query(`
      CREATE FUNCTION chorus_redact_text(t text, secrets text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE s text;
      BEGIN
        IF t IS NULL THEN RETURN NULL; END IF;
        FOREACH s IN ARRAY secrets LOOP
          IF s IS NOT NULL AND length(s) > 0 THEN
            t := regexp_replace(t, regexp_replace(s, '([.*+?^$\\{}()|\\[\\]\\\\])', '\\\\\\1', 'g'), '[erased]', 'gi');
          END IF;
        END LOOP;
        RETURN t;
      END $$`);
    // The same inside every string (values and keys are walked; keys are kept) of a jsonb document.
    await q.query(`
      CREATE FUNCTION chorus_redact_jsonb(j jsonb, secrets text[]) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        CASE jsonb_typeof(j)
          WHEN 'string' THEN RETURN to_jsonb(chorus_redact_text(j #>> '{}', secrets));
          WHEN 'array' THEN RETURN coalesce((SELECT jsonb_agg(chorus_redact_jsonb(e, secrets) ORDER BY i) FROM jsonb_array_elements(j) WITH ORDINALITY AS a(e, i)), '[]'::jsonb);
          WHEN 'object' THEN RETURN coalesce((SELECT jsonb_object_agg(k, chorus_redact_jsonb(v, secrets)) FROM jsonb_each(j) AS o(k, v)), '{}'::jsonb);
          ELSE RETURN j;
        END CASE;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION chorus_redact_jsonb(jsonb, text[])`);
    await q.query(`DROP FUNCTION chorus_redact_text(text, text[])`);
    await q.query(`DROP TABLE suppressed_emails`);
    await q.query(`DROP FUNCTION chorus_email_hash(text)`);
    await q.query(`ALTER TABLE people DROP COLUMN erased_at`);
    await q.query(`DROP TABLE consent_events`);
  }
}
