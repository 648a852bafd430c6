// Benchmark: `people` search and first page through the real API over 1,000,000 people.
// Run: npm run build && node dist/bench/people-search.js   (BENCH_PEOPLE, BENCH_DATABASE_URL, BENCH_RELOAD=1)
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { runMigrations } from '@chorus/core';
import { PeopleService, peoplePageQuery } from '@chorus/people';
import { dropDatabase } from '@chorus/core';
import { createApiApp } from '../apps/api/src/bootstrap';
import { gql, gqlOk, login } from '../test/support/gql';
import { loadPeople } from './people-load';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/chorus_bench';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ADMIN = { email: 'bench-admin@chorus.localhost', password: 'bench-admin-password' };
const LIST =
  'query($f: PersonFilter, $first: Int) { people(first: $first, filter: $f) { totalCount edges { node { id email firstName lastName } } } }';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** totalCount of one `people` page. */
async function totalCount(url: string, token: string, variables: Record<string, unknown>): Promise<number> {
  return (await gqlOk<{ people: { totalCount: number } }>(url, LIST, variables, token)).people.totalCount;
}

async function time(url: string, token: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 3; i++) await totalCount(url, token, variables); // warm-up
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    total = await totalCount(url, token, variables);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.floor(samples.length * 0.95)], total };
}

/** A staff user of "Bench Union 7" (created once). */
async function staffOf(url: string, adminToken: string, db: Client): Promise<string> {
  const email = 'bench-staff@chorus.localhost';
  const password = 'bench-staff-password';
  const organizationId = (await db.query(`SELECT id FROM organizations WHERE name = 'Bench Union 7'`)).rows[0].id;
  const exists = (await db.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount;
  if (!exists)
    await gql(
      url,
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email, name: 'Bench staff', password, role: 'ORG_STAFF', organizationId } },
      adminToken,
    );
  return login(url, email, password);
}

async function main() {
  if (process.env.BENCH_RELOAD) await dropDatabase(DATABASE_URL);
  await runMigrations(DATABASE_URL);
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const existing = Number((await db.query('SELECT count(*) AS n FROM people')).rows[0].n);
  if (existing < PEOPLE) {
    if (existing > 0) throw new Error(`chorus_bench holds ${existing} people; run with BENCH_RELOAD=1`);
    log(`Loading ${PEOPLE.toLocaleString('en')} people into ${new URL(DATABASE_URL).pathname.slice(1)}:`);
    const started = performance.now();
    await loadPeople(db, PEOPLE, log);
    log(`  total: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`Using the ${existing.toLocaleString('en')} people already in the bench database`);
  }

  const app = await createApiApp({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL,
    LOG_LEVEL: 'error',
    QUEUE_PREFIX: 'chorus-bench',
    CHORUS_ADMIN_EMAIL: ADMIN.email,
    CHORUS_ADMIN_PASSWORD: ADMIN.password,
    PORT: '0',
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  try {
    const token = await login(url, ADMIN.email, ADMIN.password);
    const staffToken = await staffOf(url, token, db);
    const sample = (
      await db.query(`SELECT email, last_name FROM people ORDER BY id OFFSET (SELECT count(*) / 3 FROM people) LIMIT 1`)
    ).rows[0];

    const cases: [string, Record<string, unknown>][] = [
      ['first page (first: 50, no filter)', { first: 50 }],
      ['first page (first: 25, default)', {}],
      [`search one email "${sample.email.split('@')[0]}"`, { first: 50, f: { search: sample.email.split('@')[0] } }],
      ['search a last name "nakamura"', { first: 50, f: { search: 'nakamura' } }],
      ['search a first name "margaret"', { first: 50, f: { search: 'margaret' } }],
      ['search "ava nguyen"', { first: 50, f: { search: 'ava nguyen' } }],
      ['search without hits "zzqxv"', { first: 50, f: { search: 'zzqxv' } }],
      ['search a common fragment "son" (broad)', { first: 50, f: { search: 'son' } }],
      ['search a two-letter fragment "an" (no trigram)', { first: 50, f: { search: 'an' } }],
      ['tag "volunteer" (10 %)', { first: 50, f: { tag: 'volunteer' } }],
    ];
    const staffCases: [string, Record<string, unknown>][] = [
      ['staff of one union (5 %): first page', { first: 50 }],
      ['staff of one union: search "nakamura"', { first: 50, f: { search: 'nakamura' } }],
    ];
    log(`\n| query | totalCount | median ms | p95 ms |\n|---|---:|---:|---:|`);
    for (const [name, variables, who] of [
      ...cases.map(([n, v]) => [n, v, token] as const),
      ...staffCases.map(([n, v]) => [n, v, staffToken] as const),
    ]) {
      const r = await time(url, who, variables);
      log(`| ${name} | ${r.total.toLocaleString('en')} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} |`);
    }

    // The plans of the SQL the API runs: the search must use the trigram index.
    const people = app.get(PeopleService);
    const admin = {
      userId: '00000000-0000-0000-0000-000000000000',
      role: 'COALITION_ADMIN' as never,
      organizationId: null,
    };
    const staffActor = {
      userId: admin.userId,
      role: 'ORG_STAFF' as never,
      organizationId: (await db.query(`SELECT id FROM organizations WHERE name = 'Bench Union 7'`)).rows[0].id,
    };
    const plans: [string, string, unknown[]][] = [
      [
        'search page "nakamura" (with its window count)',
        ...peoplePageQuery(people.query(admin, { search: 'nakamura' }), {
          first: 50,
          filter: { search: 'nakamura' },
        }).query.getQueryAndParameters(),
      ],
      ['first page, no filter', ...peoplePageQuery(people.query(admin), { first: 50 }).query.getQueryAndParameters()],
      ['staff first page', ...peoplePageQuery(people.query(staffActor), { first: 50 }).query.getQueryAndParameters()],
    ];
    for (const [name, sql, params] of plans) {
      const plan = (await db.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params)).rows.map((r) => r['QUERY PLAN']);
      log(`\nEXPLAIN ANALYZE (${name}):\n  ${plan.join('\n  ')}`);
    }
  } finally {
    await app.close();
    await db.end();
  }
  const pg = await (async () => {
    const c = new Client({ connectionString: DATABASE_URL });
    await c.connect();
    const v = (await c.query('SHOW server_version')).rows[0].server_version;
    await c.end();
    return v;
  })();
  log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, PostgreSQL ${pg}, Node ${process.version}`,
  );
  try {
    log(execSync('free -h', { encoding: 'utf8' }));
  } catch {
    // free(1) is not everywhere
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
