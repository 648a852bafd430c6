// The floor under an import, as bench/people-insert-costs.ts measures it for the shipped schema:
// the people and one membership per row inserted by two sessions at once (people in chunks of
// 50,000 ordered by email, then the memberships), with nothing else of the merge. Here the rows
// are exactly those an import just created, so that the import and its floor compare like for like.
// With `consent`, each session also inserts the consent event the product records for each created
// person (issue #13, after the floor was defined): the inserts the shipped product requires.
import { Client } from 'pg';

const CHUNK = 50_000;

/** Times inserting the import's people and memberships (and consent events) again; leaves the tables empty. */
export async function insertFloorMs(
  databaseUrl: string,
  { consent = false } = {},
): Promise<{ ms: number; people: number; memberships: number; consentEvents: number }> {
  const sessions = [new Client({ connectionString: databaseUrl }), new Client({ connectionString: databaseUrl })];
  await Promise.all(sessions.map((s) => s.connect()));
  const [db] = sessions;
  try {
    await db.query(`DROP TABLE IF EXISTS bench_floor_people, bench_floor_memberships, bench_floor_consent`);
    // Split like the merge's partitions: by a hash of the email.
    await db.query(`CREATE UNLOGGED TABLE bench_floor_people AS
                    SELECT row_number() OVER (ORDER BY id) AS i, id, email, first_name, last_name, tags, abs(hashtext(lower(email::text))) % 2 AS half FROM people`);
    await db.query(`CREATE UNLOGGED TABLE bench_floor_memberships AS
                    SELECT m.id, m.person_id, m.organization_id, m.role, p.half FROM memberships m JOIN bench_floor_people p ON p.id = m.person_id`);
    await db.query(
      `CREATE UNLOGGED TABLE bench_floor_consent AS
                    SELECT c.id, c.person_id, c.status, c.source, c.import_id, c.lawful_basis, p.half FROM consent_events c JOIN bench_floor_people p ON p.id = c.person_id
                    WHERE c.source = 'IMPORT' AND $1`,
      [consent],
    );
    const [{ people }] = (await db.query(`SELECT count(*)::int AS people FROM bench_floor_people`)).rows;
    const [{ consentEvents }] = (await db.query(`SELECT count(*)::int AS "consentEvents" FROM bench_floor_consent`))
      .rows;
    const [{ memberships }] = (await db.query(`SELECT count(*)::int AS memberships FROM bench_floor_memberships`)).rows;
    await db.query(`TRUNCATE people CASCADE`);
    await db.query(`CHECKPOINT`);
    const started = performance.now();
    await Promise.all(
      sessions.map(async (session, half) => {
        await session.query(`SET synchronous_commit = off`);
        for (let from = 0; from < people; from += CHUNK) {
          await session.query(
            `INSERT INTO people (id, email, first_name, last_name, tags) SELECT id, email, first_name, last_name, tags FROM bench_floor_people
                             WHERE i > $1 AND i <= $2 AND half = $3 ORDER BY lower(email::text)`,
            [from, from + CHUNK, half],
          );
          // As the merge does: each chunk's new people, then their consent events in person order.
          if (consent)
            await session.query(
              `INSERT INTO consent_events (id, person_id, status, source, import_id, lawful_basis)
               SELECT c.id, c.person_id, c.status, c.source, c.import_id, c.lawful_basis FROM bench_floor_consent c JOIN bench_floor_people p ON p.id = c.person_id
               WHERE p.i > $1 AND p.i <= $2 AND c.half = $3 ORDER BY c.person_id`,
              [from, from + CHUNK, half],
            );
        }
        await session.query(
          `INSERT INTO memberships (id, person_id, organization_id, role) SELECT id, person_id, organization_id, role FROM bench_floor_memberships WHERE half = $1 ORDER BY person_id`,
          [half],
        );
      }),
    );
    const ms = performance.now() - started;
    await db.query(`TRUNCATE people CASCADE`);
    await db.query(`DROP TABLE bench_floor_people, bench_floor_memberships, bench_floor_consent`);
    await db.query(`CHECKPOINT`);
    return { ms, people, memberships, consentEvents };
  } finally {
    await Promise.all(sessions.map((s) => s.end()));
  }
}
