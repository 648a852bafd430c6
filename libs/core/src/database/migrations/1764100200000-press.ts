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

    // Press releases: added by the press area (issue 4) below this line.
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['press_list_contacts', 'press_lists', 'press_contacts', 'outlets']) await q.query(`DROP TABLE ${table}`);
  }
}
