import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (lists, updates, deletes):
 * - audit_events.organization_id: the organization of the actor when the event was written, so
 *   that union staff can read their organization's trail without joining users (backfilled from
 *   users for the events written before).
 * - press_contacts.deleted_at: a deleted press contact is anonymized, not removed, so that the
 *   records of releases and mailings already sent keep their row.
 */
export class EverydayWork1765000600000 implements MigrationInterface {
  name = 'EverydayWork1765000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN organization_id uuid`);
    await q.query(
      `UPDATE audit_events e SET organization_id = u.organization_id FROM users u WHERE u.id = e.actor_user_id AND u.organization_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX audit_events_organization ON audit_events (organization_id, id) WHERE organization_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE press_contacts ADD COLUMN deleted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE press_contacts DROP COLUMN deleted_at`);
    await q.query(`DROP INDEX audit_events_organization`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN organization_id`);
  }
}
