import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL records when the confirmation email of a public signature went out, so that a
 * reconciler re-queues the ones Redis lost (a flush, a restart) instead of dropping them.
 * Signatures from before this migration are taken as sent: nobody gets a second email for them.
 */
export class SignatureConfirmationSent1765000101000 implements MigrationInterface {
  name = 'SignatureConfirmationSent1765000101000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures ADD COLUMN confirmation_sent_at timestamptz`);
    await q.query(`UPDATE signatures SET confirmation_sent_at = created_at WHERE channel = 'PUBLIC'`);
    await q.query(
      `CREATE INDEX signatures_confirmation_unsent ON signatures (created_at) WHERE channel = 'PUBLIC' AND confirmed_at IS NULL AND confirmation_sent_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signatures DROP COLUMN confirmation_sent_at`);
  }
}
