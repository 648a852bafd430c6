import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports declare their lawful basis (GDPR Art. 6(1)) and are merged while they upload
 * (issues #11, #12, #13). Imports made before this migration have no declared basis (null).
 */
export class ImportsLawfulBasis1765000500000 implements MigrationInterface {
  name = 'ImportsLawfulBasis1765000500000';

  async up(q: QueryRunner): Promise<void> {
    // The three Art. 6(1) bases a coalition can rely on for its people's data: (a) consent,
    // (b) a contract (membership), (f) legitimate interests. The consent log reads this column.
    await q.query(
      `ALTER TABLE import_jobs ADD COLUMN lawful_basis text CHECK (lawful_basis IN ('CONSENT', 'CONTRACT', 'LEGITIMATE_INTEREST'))`,
    );
    // Optional: the consent text shown, or where the data came from.
    await q.query(
      `ALTER TABLE import_jobs ADD COLUMN lawful_basis_note text CHECK (length(lawful_basis_note) <= 2000)`,
    );
    // Staged so far, and when the last batch arrived: the worker merges along while an upload
    // streams, and gives up on an upload that stopped arriving (its API died).
    await q.query(`ALTER TABLE import_jobs ADD COLUMN staged_rows integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE import_jobs ADD COLUMN received_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE import_jobs DROP COLUMN received_at, DROP COLUMN staged_rows, DROP COLUMN lawful_basis_note, DROP COLUMN lawful_basis`,
    );
  }
}
