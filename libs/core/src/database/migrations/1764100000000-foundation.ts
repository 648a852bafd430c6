import { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions, the time-ordered id function, organizations, users and the audit trail. */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Time-ordered (version 7) uuids: inserts land at the right edge of the primary key index.
    await q.query(`
      CREATE FUNCTION chorus_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
          PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('UNION','GUILD','TRADE_ASSOCIATION','LABEL','PUBLISHER','NGO','OTHER')),
        website text,
        membership_status text NOT NULL DEFAULT 'ACTIVE' CHECK (membership_status IN ('ACTIVE','PENDING','SUSPENDED','LEFT')),
        joined_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organizations_name_unique ON organizations (lower(name))`);
    await q.query(`CREATE INDEX organizations_name_trgm ON organizations USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        email citext NOT NULL UNIQUE,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('COALITION_ADMIN','ORG_STAFF','PRESS_OFFICER')),
        organization_id uuid REFERENCES organizations(id) ON DELETE RESTRICT,
        calendar_token text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_org_staff_has_organization CHECK (role <> 'ORG_STAFF' OR organization_id IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        request_id text,
        entity text NOT NULL,
        entity_id text,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_events_actor ON audit_events (actor_user_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organizations`);
    await q.query(`DROP FUNCTION chorus_uuid_v7()`);
  }
}
