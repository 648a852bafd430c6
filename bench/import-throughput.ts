// Import throughput against its floor (issue #12): N rows (10% duplicates) uploaded to
// POST /imports/people and merged by a worker process, timed from the first byte sent to status
// DONE; then, in the same database, the floor (bench/insert-floor.ts: inserting exactly the people
// and memberships the import created, two sessions, nothing else); then the import once more on
// the emptied tables. Goal: end to end ≤ 1.1 × the floor. Also the floor with the consent event of
// each created person, which the product requires since issue #13. Optionally a naive baseline.
// Run: npm run build && node dist/bench/import-throughput.js   (BENCH_ROWS, BENCH_BASELINE_SAMPLE: 0 skips it)
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { syntheticCsv } from './import-csv';
import { naiveImport } from './import-naive';
import { insertFloorMs } from './insert-floor';
import { BenchStack, finished, log, startBenchStack, uploadStream, waitUntil } from './import-setup';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SAMPLE = Number(process.env.BENCH_BASELINE_SAMPLE ?? 0);
const load = () => loadavg()[0].toFixed(1);

async function timedImport(stack: BenchStack, worker: ChildProcess, organizations: string[]): Promise<number> {
  const csv = syntheticCsv(ROWS, 'bench.example', organizations);
  log(
    `Import of ${ROWS.toLocaleString('en')} rows (${(ROWS - csv.distinct).toLocaleString('en')} duplicates), load average ${load()}`,
  );
  const started = performance.now();
  const id = await uploadStream(stack, csv.chunks());
  const uploaded = performance.now();
  const job = await waitUntil(stack.db, id, finished);
  const done = performance.now();
  const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))![1]);
  const seconds = (done - started) / 1000;
  log(`  upload (API: parse, COPY; the worker merges meanwhile): ${((uploaded - started) / 1000).toFixed(1)} s`);
  log(`  merge after the upload ended:                          ${((done - uploaded) / 1000).toFixed(1)} s`);
  log(
    `  result: ${job.status}, created ${job.created}, updated ${job.updated}, failed ${job.failed} (expected ${csv.distinct} / ${ROWS - csv.distinct} / 0)`,
  );
  log(
    `  end to end: ${seconds.toFixed(1)} s = ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s; worker peak RSS ${(peakKiB / 1024).toFixed(0)} MB; load average now ${load()}`,
  );
  if (job.status !== 'DONE' || job.created !== csv.distinct || job.failed !== 0)
    throw new Error('The import did not come out exact');
  return done - started;
}

async function main() {
  const stack = await startBenchStack('imports');
  try {
    const worker = await stack.spawnWorker();
    const organizations = Array.from({ length: 12 }, (_, i) => `Bench Union ${i + 1}`);
    await stack.db.query(`INSERT INTO organizations (name, kind) SELECT unnest($1::text[]), 'UNION'`, [organizations]);
    log(`${cpus().length} CPUs (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM`);

    const first = await timedImport(stack, worker, organizations);
    log(`Floor: the same people and memberships inserted by two sessions, nothing else (load average ${load()})`);
    const floor = await insertFloorMs(stack.env.DATABASE_URL);
    log(
      `  ${floor.people.toLocaleString('en')} people + ${floor.memberships.toLocaleString('en')} memberships: ${(floor.ms / 1000).toFixed(1)} s; load average now ${load()}`,
    );
    await stack.db.query(`DELETE FROM import_jobs`);
    const second = await timedImport(stack, worker, organizations);
    log(`Floor with the consent log: the same, plus each created person's consent event (load average ${load()})`);
    const withConsent = await insertFloorMs(stack.env.DATABASE_URL, { consent: true });
    log(
      `  ${withConsent.people.toLocaleString('en')} people + ${withConsent.memberships.toLocaleString('en')} memberships + ${withConsent.consentEvents.toLocaleString('en')} consent events: ${(withConsent.ms / 1000).toFixed(1)} s; load average now ${load()}`,
    );
    log(
      `Ratio end to end / floor: ${(first / floor.ms).toFixed(2)}x and ${(second / floor.ms).toFixed(2)}x (goal ≤ 1.10x); against the floor with the consent log: ${(first / withConsent.ms).toFixed(2)}x and ${(second / withConsent.ms).toFixed(2)}x`,
    );

    if (SAMPLE > 0) {
      const baseline = await naiveImport(stack.env.DATABASE_URL, syntheticCsv(SAMPLE, 'naive.example', organizations));
      log(
        `Naive baseline (TypeORM find + save per row and per membership), sample of ${SAMPLE.toLocaleString('en')} rows: ${Math.round(baseline.rate).toLocaleString('en')} rows/s; speed-up ${(ROWS / (second / 1000) / baseline.rate).toFixed(1)}x`,
      );
    }
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
