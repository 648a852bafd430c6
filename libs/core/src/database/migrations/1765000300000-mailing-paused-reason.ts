import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a mailing is PAUSED when the worker paused it by itself (an SMTP relay refusing most
 * recipients with a policy 5xx), so that the user sees the reason; null when a user paused it.
 */
export class MailingPausedReason1765000300000 implements MigrationInterface {
  name = 'MailingPausedReason1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailings ADD COLUMN paused_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailings DROP COLUMN paused_reason`);
  }
}
