import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The AI-training opt-out registry (issue 14): works held by a creator or a rights-holder
 * organization, and TDM reservations per work or for all works of a creator. Identifiers are
 * stored normalized (uppercase, no hyphens; URLs as parsed) so that the public lookup is one
 * equality on a btree index.
 */
export class Registry1765000800000 implements MigrationInterface {
  name = 'Registry1765000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_works (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        creator_person_id uuid REFERENCES people(id) ON DELETE SET NULL,
        rights_holder_organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        kind text NOT NULL CHECK (kind IN ('SOUND_RECORDING','COMPOSITION','SCREENPLAY','BOOK','VOICE','LIKENESS','OTHER')),
        isrc text CHECK (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
        iswc text CHECK (iswc ~ '^T[0-9]{10}$'),
        isbn text CHECK (isbn ~ '^[0-9]{13}$'),
        isni text CHECK (isni ~ '^[0-9]{15}[0-9X]$'),
        url text CHECK (url ~ '^https?://'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One work per identifier within a managing organization (the CSV import's merge keys);
    // the same recording may be registered by a union and by its label.
    for (const column of ['isrc', 'iswc', 'isbn', 'url']) {
      await q.query(
        `CREATE UNIQUE INDEX registry_works_${column} ON registry_works (${column}, organization_id) WHERE ${column} IS NOT NULL`,
      );
    }
    await q.query(`CREATE INDEX registry_works_organization ON registry_works (organization_id, id)`);
    await q.query(
      `CREATE INDEX registry_works_creator ON registry_works (creator_person_id) WHERE creator_person_id IS NOT NULL`,
    );

    // A reservation covers one work, or every work of a creator registered by the organization.
    await q.query(`
      CREATE TABLE registry_reservations (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        work_id uuid REFERENCES registry_works(id) ON DELETE CASCADE,
        creator_person_id uuid REFERENCES people(id) ON DELETE CASCADE,
        tdm_reserved boolean NOT NULL DEFAULT true,
        allow_ai_training boolean NOT NULL DEFAULT false,
        allow_generative_ai boolean NOT NULL DEFAULT false,
        allow_search_indexing boolean NOT NULL DEFAULT true,
        licensing_contact text,
        policy_url text CHECK (policy_url ~ '^https?://'),
        effective_from date NOT NULL DEFAULT current_date,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','CONFIRMED','ATTESTED','WITHDRAWN')),
        confirmed_at timestamptz,
        attested_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((work_id IS NULL) <> (creator_person_id IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX registry_reservations_work ON registry_reservations (work_id) WHERE work_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX registry_reservations_creator ON registry_reservations (creator_person_id, organization_id) WHERE creator_person_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX registry_reservations_organization ON registry_reservations (organization_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry_reservations`);
    await q.query(`DROP TABLE registry_works`);
  }
}
