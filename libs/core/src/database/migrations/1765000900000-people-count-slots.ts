import { MigrationInterface, QueryRunner } from 'typeorm';

/** The counter's slots; a writer takes one that no other transaction holds. */
const SLOTS = 16;

/**
 * people_counts without lock waits (issue 12): the statement trigger used to add each insert's
 * count to a random one of the 16 slots, waiting for whoever held it. A transaction that inserts
 * people in several statements (an import merging chunk after chunk while its file uploads, two
 * partitions at once) collected several slots and could wait for the other partition's while
 * holding one it wanted: "deadlock detected", or, short of a cycle, one partition stalled until
 * the other committed. Now a transaction keeps the first slot it took (remembered in a
 * transaction-local setting) and takes it with SKIP LOCKED among the slots nobody holds, so a
 * writer never waits for another on the counter unless all 16 are held at once.
 */
export class PeopleCountSlots1765000900000 implements MigrationInterface {
  name = 'PeopleCountSlots1765000900000';

  async up(q: QueryRunner): Promise<void> {
    // SKIP LOCKED only finds rows that exist: every slot is there from now on (TRUNCATE zeroes them).
    await q.query(
      `INSERT INTO people_counts (slot, n) SELECT generate_series(0, ${SLOTS - 1}), 0 ON CONFLICT (slot) DO NOTHING`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION people_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        delta bigint;
        mine smallint := nullif(current_setting('chorus.people_count_slot', true), '')::smallint;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE people_counts SET n = 0;
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
          SELECT count(*) INTO delta FROM new_rows;
        ELSE
          SELECT -count(*) INTO delta FROM old_rows;
        END IF;
        IF delta = 0 THEN RETURN NULL; END IF;
        IF mine IS NULL THEN
          SELECT slot INTO mine FROM people_counts ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
          -- Every slot held by others (${SLOTS} concurrent writers): wait for one, as any writer did before.
          mine := coalesce(mine, floor(random() * ${SLOTS})::smallint);
          PERFORM set_config('chorus.people_count_slot', mine::text, true);
        END IF;
        INSERT INTO people_counts AS c (slot, n) VALUES (mine, delta) ON CONFLICT (slot) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION people_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM people_counts;
        ELSIF TG_OP = 'INSERT' THEN
          INSERT INTO people_counts AS c (slot, n) SELECT floor(random() * 16)::smallint, count(*) FROM new_rows HAVING count(*) > 0
            ON CONFLICT (slot) DO UPDATE SET n = c.n + EXCLUDED.n;
        ELSE
          INSERT INTO people_counts AS c (slot, n) SELECT floor(random() * 16)::smallint, -count(*) FROM old_rows HAVING count(*) > 0
            ON CONFLICT (slot) DO UPDATE SET n = c.n + EXCLUDED.n;
        END IF;
        RETURN NULL;
      END $$`);
  }
}
