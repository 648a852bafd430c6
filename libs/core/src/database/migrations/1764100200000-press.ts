import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of outlets, press contacts, press lists, press releases (issue 4). */
export class Press1764100200000 implements MigrationInterface {
  name = 'Press1764100200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outlets (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX outlets_name_unique ON outlets (lower(name))`);

    await q.query(`
      CREATE TABLE press_contacts (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        name text NOT NULL,
        email citext NOT NULL UNIQUE,
        outlet_id uuid REFERENCES outlets(id) ON DELETE SET NULL,
        beat text,
        phone text,
        notes text,
        do_not_contact boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE press_lists (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        name text NOT NULL,
        created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX press_lists_name_unique ON press_lists (lower(name))`);
    await q.query(`
      CREATE TABLE press_list_contacts (
        press_list_id uuid NOT NULL REFERENCES press_lists(id) ON DELETE CASCADE,
        press_contact_id uuid NOT NULL REFERENCES press_contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (press_list_id, press_contact_id)
      )`);
    await q.query(`CREATE INDEX press_list_contacts_contact ON press_list_contacts (press_contact_id)`);

    // Press releases (issue 4). The row is the truth about a release's state and embargo; the
    // delayed job in Redis is only a wake-up call.
    await q.query(`
      CREATE TABLE press_releases (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        title text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','IN_REVIEW','APPROVED','SCHEDULED','PUBLISHED','CANCELLED')),
        campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
        author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        approved_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        embargo_until timestamptz,
        published_at timestamptz,
        -- QUEUE_PREFIX of the deployment that armed the embargo job: its workers reconcile it.
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT press_releases_scheduled_has_embargo CHECK (status NOT IN ('SCHEDULED','PUBLISHED') OR embargo_until IS NOT NULL),
        CONSTRAINT press_releases_published_has_time CHECK (status <> 'PUBLISHED' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX press_releases_scheduled ON press_releases (embargo_until) WHERE status = 'SCHEDULED'`);
    await q.query(
      `CREATE INDEX press_releases_published ON press_releases (published_at DESC) WHERE status = 'PUBLISHED'`,
    );
    await q.query(`
      CREATE TABLE press_release_organizations (
        press_release_id uuid NOT NULL REFERENCES press_releases(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        PRIMARY KEY (press_release_id, organization_id)
      )`);
    await q.query(`
      CREATE TABLE press_release_lists (
        press_release_id uuid NOT NULL REFERENCES press_releases(id) ON DELETE CASCADE,
        press_list_id uuid NOT NULL REFERENCES press_lists(id) ON DELETE RESTRICT,
        PRIMARY KEY (press_release_id, press_list_id)
      )`);
    // One row per (release, contact), written when the release is published: the primary key is
    // what guarantees that a retried or duplicated job never mails a contact twice.
    await q.query(`
      CREATE TABLE press_release_sends (
        press_release_id uuid NOT NULL REFERENCES press_releases(id) ON DELETE CASCADE,
        press_contact_id uuid NOT NULL REFERENCES press_contacts(id) ON DELETE CASCADE,
        email citext NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','SENDING','SENT','FAILED')),
        claimed_at timestamptz,
        sent_at timestamptz,
        message_id text,
        error text,
        PRIMARY KEY (press_release_id, press_contact_id)
      )`);
    await q.query(
      `CREATE INDEX press_release_sends_open ON press_release_sends (press_release_id) WHERE status IN ('PENDING','SENDING')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'press_release_sends',
      'press_release_lists',
      'press_release_organizations',
      'press_releases',
      'press_list_contacts',
      'press_lists',
      'press_contacts',
      'outlets',
    ])
      await q.query(`DROP TABLE ${table}`);
  }
}
