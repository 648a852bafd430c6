// What inserting a person costs, index by index: the floor under the import merge. Inserts the
// same 400,000 people (in chunks of 50,000, ordered by email like the merge) into a fresh people
// table with fewer and fewer of its indexes, in one session; then split between two sessions at
// once, with and without the two GIN indexes: how much a second core adds to the same inserts.
// Last, the floor under an import: the people and one membership each, on two sessions, with
// nothing else of the merge (no staging, no look-ups), without and with the two GIN indexes; and
// what a membership costs, constraint by constraint.
// Run: npm run build && node dist/bench/people-insert-costs.js   (BENCH_ROWS)
import 'reflect-metadata';
import { Client } from 'pg';
import { dropDatabase, runMigrations } from '@chorus/core';
import { log } from './import-setup';

const ROWS = Number(process.env.BENCH_ROWS ?? 400_000);
const CHUNK = 50_000;

/** Each step drops these indexes on top of the previous step's. */
const STEPS: { label: string; drop: string[] }[] = [
  { label: 'all indexes (as shipped)', drop: [] },
  { label: '- trigram search GIN', drop: ['people_search_trgm'] },
  { label: '- tags GIN', drop: ['people_tags'] },
  { label: '- name sort btree, status partial', drop: ['people_sort', 'people_email_status'] },
  { label: '- unique lower(email) (primary key only)', drop: ['people_email_key'] },
];

/** Each step drops one more constraint or index of memberships. */
const MEMBERSHIP_STEPS: { label: string; drop?: string }[] = [
  { label: 'all constraints (as shipped)' },
  {
    label: '- foreign key to organizations',
    drop: `ALTER TABLE memberships DROP CONSTRAINT memberships_organization_id_fkey`,
  },
  { label: '- foreign key to people', drop: `ALTER TABLE memberships DROP CONSTRAINT memberships_person_id_fkey` },
  { label: '- (organization, person) index', drop: `DROP INDEX memberships_organization` },
  {
    label: '- unique (person, organization)',
    drop: `ALTER TABLE memberships DROP CONSTRAINT memberships_person_id_organization_id_key`,
  },
];

async function main() {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/chorus_bench_insert_costs_${Date.now().toString(36)}`;
  await runMigrations(url.toString());
  const sessions = [new Client({ connectionString: url.toString() }), new Client({ connectionString: url.toString() })];
  await Promise.all(sessions.map((s) => s.connect()));
  const [db] = sessions;
  try {
    // The rows, built once outside the timings: ids already drawn, as the upload stages them.
    await db.query(
      `
      CREATE UNLOGGED TABLE bench_people AS
      SELECT i, chorus_uuid_v7() AS id, 'p' || i || '.' || lower(f) || '@members.example.org' AS email, f AS first_name, l AS last_name,
             ARRAY['bench', 't' || i % 7] AS tags, i % 2 AS half
      FROM (SELECT i, (ARRAY['Ada','Bea','Cid','Dora','Emil','Fay','Gus','Hana','Ivo','Jun','Kemal','Lise'])[1 + i % 12] AS f,
                   (ARRAY['Okafor','Tanaka','Weber','Dubois','Rossi','Nowak','Jensen','Silva','Costa','Byrne'])[1 + i % 10] AS l
            FROM generate_series(1, $1::int) i) g`,
      [ROWS],
    );
    const insert = async (session: Client, where: string) => {
      await session.query(`SET synchronous_commit = off`);
      for (let from = 0; from < ROWS; from += CHUNK) {
        await session.query(
          `INSERT INTO people (id, email, first_name, last_name, tags) SELECT id, email, first_name, last_name, tags FROM bench_people
                             WHERE i > $1 AND i <= $2 AND ${where} ORDER BY lower(email)`,
          [from, from + CHUNK],
        );
      }
    };
    const timed = async (work: () => Promise<unknown>) => {
      await db.query(`TRUNCATE people CASCADE`);
      await db.query(`CHECKPOINT`);
      const started = performance.now();
      await work();
      return performance.now() - started;
    };

    log(`Inserting ${ROWS.toLocaleString('en')} people in chunks of ${CHUNK.toLocaleString('en')}, one session:`);
    await db.query(`SELECT * FROM people LIMIT 0`);
    const restore: string[] = [];
    let previous = 0;
    for (const step of STEPS) {
      for (const index of step.drop) {
        const [{ def }] = (await db.query(`SELECT pg_get_indexdef($1::regclass) AS def`, [index])).rows;
        restore.push(def);
        await db.query(`DROP INDEX ${index}`);
      }
      const ms = await timed(() => insert(db, 'true'));
      const perRow = (ms * 1000) / ROWS;
      log(
        `  ${step.label.padEnd(42)} ${(ms / 1000).toFixed(1).padStart(5)} s = ${perRow.toFixed(1).padStart(5)} µs a row${previous ? ` (the dropped indexes cost ${(previous - perRow).toFixed(1)})` : ''}`,
      );
      previous = perRow;
    }
    for (const def of restore) await db.query(def);

    log(`Two sessions at once, each inserting half:`);
    for (const withGin of [true, false]) {
      if (!withGin) await db.query(`DROP INDEX people_search_trgm, people_tags`);
      const single = await timed(() => insert(db, 'true'));
      const both = await timed(() => Promise.all(sessions.map((s, half) => insert(s, `half = ${half}`))));
      log(
        `  ${withGin ? 'all indexes      ' : 'without the GINs '} one session ${(single / 1000).toFixed(1)} s, two sessions ${(both / 1000).toFixed(1)} s (speed-up ${(single / both).toFixed(2)}x)`,
      );
    }

    await db.query(
      `INSERT INTO organizations (name, kind) SELECT 'Bench Union ' || n, 'UNION' FROM generate_series(1, 12) n`,
    );
    const withMemberships = async (session: Client, half: number) => {
      await insert(session, `half = ${half}`);
      await session.query(
        `INSERT INTO memberships (person_id, organization_id, role)
                           SELECT b.id, o.id, 'MEMBER' FROM bench_people b
                           JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM organizations) o ON o.n = b.i % 12
                           WHERE b.half = $1 ORDER BY b.id`,
        [half],
      );
    };
    log(
      `People and one membership each, two sessions, all constraints (the floor under 1,000,000 import rows, before any merge work):`,
    );
    for (const withGin of [false, true]) {
      if (withGin) for (const index of restore.filter((def) => def.includes(' USING gin '))) await db.query(index);
      const floor = await timed(() => Promise.all(sessions.map((s, half) => withMemberships(s, half))));
      log(
        `  ${withGin ? 'all indexes (as shipped)' : 'without the two GINs    '} ${(floor / 1000).toFixed(1)} s = ${((floor * 1000) / ROWS).toFixed(1)} µs a row: ${((floor / ROWS) * 1000).toFixed(1)} s for 1,000,000 rows`,
      );
    }

    // What a membership costs, constraint by constraint (the people stay; one session).
    await db.query(`CREATE UNLOGGED TABLE bench_memberships AS SELECT m.* FROM memberships m ORDER BY m.person_id`);
    log(`Inserting ${ROWS.toLocaleString('en')} memberships (of the people above) in one statement, one session:`);
    previous = 0;
    for (const step of MEMBERSHIP_STEPS) {
      if (step.drop) await db.query(step.drop);
      await db.query(`TRUNCATE memberships`);
      await db.query(`CHECKPOINT`);
      const started = performance.now();
      await db.query(`INSERT INTO memberships SELECT * FROM bench_memberships`);
      const perRow = ((performance.now() - started) * 1000) / ROWS;
      log(
        `  ${step.label.padEnd(42)} ${perRow.toFixed(1).padStart(5)} µs a row${previous ? ` (the dropped constraint cost ${(previous - perRow).toFixed(1)})` : ''}`,
      );
      previous = perRow;
    }
  } finally {
    await Promise.all(sessions.map((s) => s.end()));
    await dropDatabase(url.toString());
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
