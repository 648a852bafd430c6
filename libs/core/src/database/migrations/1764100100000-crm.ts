import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of people, memberships, campaigns, signatures, commitments (issue 3). */
export class Crm1764100100000 implements MigrationInterface {
  name = 'Crm1764100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        email citext NOT NULL UNIQUE,
        first_name text NOT NULL,
        last_name text,
        phone text,
        country text,
        disciplines text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        email_status text NOT NULL DEFAULT 'SUBSCRIBED' CHECK (email_status IN ('SUBSCRIBED','UNSUBSCRIBED','BOUNCING','SPAM_COMPLAINT')),
        email_status_changed_at timestamptz,
        email_confirmed_at timestamptz,
        consent_at timestamptz,
        consent_source text,
        consent_text text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Search by name or email: one trigram index over the text the search matches.
    await q.query(
      `CREATE INDEX people_search_trgm ON people USING gin ((first_name || ' ' || coalesce(last_name, '') || ' ' || email::text) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX people_tags ON people USING gin (tags)`);
    await q.query(`CREATE INDEX people_sort ON people (lower(coalesce(last_name, '')), lower(first_name), id)`);
    await q.query(`CREATE INDEX people_email_status ON people (email_status) WHERE email_status <> 'SUBSCRIBED'`);
    // The exact number of people, kept by statement-level triggers, so that the unfiltered
    // listing's totalCount does not count a million rows. Sixteen slots spread the row locks of
    // concurrent inserts; the count is their sum.
    await q.query(`CREATE TABLE people_counts (slot smallint PRIMARY KEY, n bigint NOT NULL)`);
    await q.query(`
      CREATE FUNCTION people_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM people_counts;
        ELSIF TG_OP = 'INSERT' THEN
          INSERT INTO people_counts AS c (slot, n) SELECT floor(random() * 16)::smallint, count(*) FROM new_rows HAVING count(*) > 0
            ON CONFLICT (slot) DO UPDATE SET n = c.n + EXCLUDED.n;
        ELSE
          INSERT INTO people_counts AS c (slot, n) SELECT floor(random() * 16)::smallint, -count(*) FROM old_rows HAVING count(*) > 0
            ON CONFLICT (slot) DO UPDATE SET n = c.n + EXCLUDED.n;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER people_count_insert AFTER INSERT ON people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_count_changed()`,
    );
    await q.query(
      `CREATE TRIGGER people_count_delete AFTER DELETE ON people REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_count_changed()`,
    );
    await q.query(
      `CREATE TRIGGER people_count_truncate AFTER TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION people_count_changed()`,
    );

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('MEMBER','STAFF','LEADERSHIP')),
        member_number text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (person_id, organization_id)
      )`);
    await q.query(`CREATE INDEX memberships_organization ON memberships (organization_id, person_id)`);

    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        statement text NOT NULL,
        signature_goal integer CHECK (signature_goal IS NULL OR signature_goal > 0),
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','ACTIVE','CLOSED')),
        activated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE signatures (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        signed_at timestamptz NOT NULL DEFAULT now(),
        channel text NOT NULL CHECK (channel IN ('STAFF','PUBLIC','IMPORT')),
        recruited_by_organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        public_display boolean NOT NULL DEFAULT false,
        display_title text,
        verification text NOT NULL DEFAULT 'UNVERIFIED' CHECK (verification IN ('UNVERIFIED','VERIFIED','REJECTED')),
        verified_at timestamptz,
        verified_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        consent_text text,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, person_id)
      )`);
    await q.query(`CREATE INDEX signatures_person ON signatures (person_id)`);
    await q.query(
      `CREATE INDEX signatures_public ON signatures (campaign_id, signed_at, id) WHERE verification = 'VERIFIED' AND public_display`,
    );
    await q.query(
      `CREATE INDEX signatures_recruited ON signatures (recruited_by_organization_id, campaign_id) WHERE verification = 'VERIFIED'`,
    );
    // The people scope of ORG_STAFF: people whose signature their organization recruited.
    await q.query(`CREATE INDEX signatures_recruiter_person ON signatures (recruited_by_organization_id, person_id)`);

    await q.query(`
      CREATE TABLE commitments (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        campaign_id uuid REFERENCES campaigns(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('RECRUIT_SIGNATORIES','CO_SIGN_RELEASE','AMPLIFY','FUNDING','CUSTOM')),
        description text NOT NULL,
        target integer CHECK (target IS NULL OR target >= 0),
        due_at timestamptz,
        status text NOT NULL DEFAULT 'PLEDGED' CHECK (status IN ('PLEDGED','IN_PROGRESS','MET','MISSED','WITHDRAWN')),
        manual_progress integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX commitments_organization ON commitments (organization_id)`);
    await q.query(`CREATE INDEX commitments_campaign ON commitments (campaign_id)`);

    await q.query(`
      CREATE TABLE commitment_progress_updates (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        progress integer NOT NULL,
        note text,
        actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX commitment_progress_updates_commitment ON commitment_progress_updates (commitment_id, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'commitment_progress_updates',
      'commitments',
      'signatures',
      'campaigns',
      'memberships',
      'people',
      'people_counts',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION people_count_changed()`);
  }
}
