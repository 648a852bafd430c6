import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Only ORG_STAFF users belong to an organization. The actor's organization scopes audit events
 * and tasks, so a press officer or admin who had one shared their work (press contacts in the
 * audit trail) with that organization's staff. Such users leave their organization; the check
 * keeps it so for every writer.
 */
export class OrganizationOnlyForStaff1765001100000 implements MigrationInterface {
  name = 'OrganizationOnlyForStaff1765001100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE users SET organization_id = NULL WHERE role <> 'ORG_STAFF' AND organization_id IS NOT NULL`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_organization_only_for_staff CHECK (role = 'ORG_STAFF' OR organization_id IS NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_organization_only_for_staff`);
  }
}
