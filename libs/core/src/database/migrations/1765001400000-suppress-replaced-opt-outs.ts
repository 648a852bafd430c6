import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An opted-out person whose email staff change leaves the old address on the suppression list
 * (reason REPLACED_OPT_OUT), as a merge does: otherwise the freed address could be created again,
 * SUBSCRIBED, and mailed (privacy review).
 */
export class SuppressReplacedOptOuts1765001400000 implements MigrationInterface {
  name = 'SuppressReplacedOptOuts1765001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE suppressed_emails DROP CONSTRAINT suppressed_emails_reason_check`);
    await q.query(
      `ALTER TABLE suppressed_emails ADD CONSTRAINT suppressed_emails_reason_check CHECK (reason IN ('ERASED','MERGED_OPT_OUT','REPLACED_OPT_OUT'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM suppressed_emails WHERE reason = 'REPLACED_OPT_OUT'`);
    await q.query(`ALTER TABLE suppressed_emails DROP CONSTRAINT suppressed_emails_reason_check`);
    await q.query(
      `ALTER TABLE suppressed_emails ADD CONSTRAINT suppressed_emails_reason_check CHECK (reason IN ('ERASED','MERGED_OPT_OUT'))`,
    );
  }
}
