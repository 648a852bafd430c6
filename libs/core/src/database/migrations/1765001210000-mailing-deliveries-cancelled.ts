import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery a cancel stopped before it went out is CANCELLED, not FAILED (nothing failed for
 * that recipient): mailing stats count it apart. Rows cancelled before this migration were
 * written FAILED with error 'mailing cancelled'; they become CANCELLED.
 */
export class MailingDeliveriesCancelled1765001210000 implements MigrationInterface {
  name = 'MailingDeliveriesCancelled1765001210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailing_deliveries DROP CONSTRAINT mailing_deliveries_status_check`);
    await q.query(
      `ALTER TABLE mailing_deliveries ADD CONSTRAINT mailing_deliveries_status_check
         CHECK (status IN ('QUEUED','SENDING','SENT','FAILED','SUPPRESSED','BOUNCED','CANCELLED'))`,
    );
    await q.query(
      `UPDATE mailing_deliveries SET status = 'CANCELLED', error = NULL
       WHERE status = 'FAILED' AND error = 'mailing cancelled'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE mailing_deliveries SET status = 'FAILED', error = 'mailing cancelled' WHERE status = 'CANCELLED'`,
    );
    await q.query(`ALTER TABLE mailing_deliveries DROP CONSTRAINT mailing_deliveries_status_check`);
    await q.query(
      `ALTER TABLE mailing_deliveries ADD CONSTRAINT mailing_deliveries_status_check
         CHECK (status IN ('QUEUED','SENDING','SENT','FAILED','SUPPRESSED','BOUNCED'))`,
    );
  }
}
