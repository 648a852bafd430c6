import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of mailings and their deliveries (issue 5). */
export class Mailings1764100400000 implements MigrationInterface {
  name = 'Mailings1764100400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailings (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        name text NOT NULL,
        subject text NOT NULL,
        body_template text NOT NULL,
        audience jsonb NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','SCHEDULED','SENDING','PAUSED','SENT','CANCELLED','FAILED')),
        -- Whose mailing it is: an ORG_STAFF mailing belongs to (and may only reach) its organization.
        owner_organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        -- Press-only audiences (press lists, no people criteria) are visible to press officers.
        press_only boolean NOT NULL DEFAULT false,
        created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        scheduled_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        -- Touched by every send lane run; the reconciler re-enqueues lanes of a SENDING mailing
        -- whose lanes went quiet (a dead worker, a flushed or restarted Redis).
        lanes_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX mailings_active ON mailings (status, scheduled_at) WHERE status IN ('SCHEDULED','SENDING')`,
    );
    await q.query(`CREATE INDEX mailings_owner ON mailings (owner_organization_id)`);

    // One row per recipient: a person or a press contact, never both.
    await q.query(`
      CREATE TABLE mailing_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        mailing_id uuid NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
        person_id uuid REFERENCES people(id) ON DELETE CASCADE,
        press_contact_id uuid REFERENCES press_contacts(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED','SENDING','SENT','FAILED','SUPPRESSED','BOUNCED')),
        attempts smallint NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        claimed_by text,
        sent_at timestamptz,
        error text,
        CONSTRAINT mailing_deliveries_one_recipient CHECK ((person_id IS NULL) <> (press_contact_id IS NULL))
      )`);
    // Not partial: it also serves every "rows of this mailing" read (stats). NULLs (press rows) are distinct.
    await q.query(`CREATE UNIQUE INDEX mailing_deliveries_person ON mailing_deliveries (mailing_id, person_id)`);
    await q.query(
      `CREATE UNIQUE INDEX mailing_deliveries_contact ON mailing_deliveries (mailing_id, press_contact_id) WHERE press_contact_id IS NOT NULL`,
    );
    // The claim query walks only unfinished rows of one mailing, in id order. Each delivery is
    // updated twice (claimed, outcome), so every index here costs twice per email: keep few.
    await q.query(
      `CREATE INDEX mailing_deliveries_pending ON mailing_deliveries (mailing_id, id) WHERE status IN ('QUEUED','SENDING')`,
    );
    await q.query(
      `CREATE INDEX mailing_deliveries_person_id ON mailing_deliveries (person_id) WHERE person_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mailing_deliveries`);
    await q.query(`DROP TABLE mailings`);
  }
}
