// Crash recovery at size: a 200,000-row import whose worker is SIGKILLed mid-merge, then resumed
// by a new worker; checks that the result is exactly the file's rows, once each.
// Run: npm run build && node dist/bench/import-crash.js   (BENCH_ROWS)
import 'reflect-metadata';
import { emailOf, syntheticCsv } from './import-csv';
import { finished, jobRow, log, startBenchStack, uploadStream, waitUntil } from './import-setup';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);

async function main() {
  const stack = await startBenchStack('import_crash', {
    IMPORTS_CHUNK_ROWS: process.env.IMPORTS_CHUNK_ROWS ?? '20000',
  });
  try {
    const organizations = ['Crash Union 1', 'Crash Union 2', 'Crash Union 3'];
    await stack.db.query(`INSERT INTO organizations (name, kind) SELECT unnest($1::text[]), 'UNION'`, [organizations]);
    const csv = syntheticCsv(ROWS, 'crash.example', organizations);
    const pairs = new Set<string>();
    for (let i = 1; i <= ROWS; i++)
      pairs.add(`${emailOf(i, 'crash.example').toLowerCase()}|${organizations[i % organizations.length]}`);

    const first = await stack.spawnWorker();
    const started = performance.now();
    const id = await uploadStream(stack, csv.chunks());
    const atKill = await waitUntil(stack.db, id, (job) => job.processed_rows > 0 || finished(job), 10);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const afterKill = await jobRow(stack.db, id);
    log(
      `Killed the worker at ${((performance.now() - started) / 1000).toFixed(1)} s: status ${afterKill.status}, ${afterKill.processed_rows} of ${afterKill.total_rows} rows merged`,
    );
    await stack.spawnWorker();
    const job = await waitUntil(stack.db, id, finished);
    log(
      `Resumed by a new worker: ${job.status} after ${((performance.now() - started) / 1000).toFixed(1)} s, created ${job.created}, updated ${job.updated}, failed ${job.failed}`,
    );

    const {
      rows: [people],
    } = await stack.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT lower(email::text))::int AS distinct FROM people WHERE email::text LIKE '%@crash.example'`,
    );
    const {
      rows: [memberships],
    } = await stack.db.query(`SELECT count(*)::int AS n FROM memberships`);
    const ok =
      atKill.status === 'PROCESSING' &&
      job.status === 'DONE' &&
      job.created === csv.distinct &&
      job.updated === ROWS - csv.distinct &&
      job.failed === 0 &&
      people.n === csv.distinct &&
      people.distinct === csv.distinct &&
      memberships.n === pairs.size;
    log(
      `People ${people.n} (expected ${csv.distinct}, distinct emails ${people.distinct}); memberships ${memberships.n} (expected ${pairs.size}) => ${ok ? 'OK' : 'MISMATCH'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
