import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User lifecycle (issue 11): a deactivated user keeps their row (audit trail, assigned tasks) but
 * can no longer sign in; `token_version` is written into every access token and bumped when a
 * password changes or the user is deactivated, so that older tokens stop working at once.
 * Password resets are rows (the emailed link is the row id and an HMAC of it): single use, expiring,
 * and re-sent by the worker from here if Redis lost the email job.
 */
export class UserLifecycle1765000100000 implements MigrationInterface {
  name = 'UserLifecycle1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN deactivated_at timestamptz, ADD COLUMN token_version integer NOT NULL DEFAULT 0`,
    );
    await q.query(`
      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT chorus_uuid_v7(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_resets_user ON password_resets (user_id)`);
    await q.query(
      `CREATE INDEX password_resets_unsent ON password_resets (expires_at) WHERE sent_at IS NULL AND used_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_resets`);
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_at, DROP COLUMN token_version`);
  }
}
