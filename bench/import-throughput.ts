// Import throughput: N rows (10% duplicates) uploaded to POST /imports/people and merged by a
// worker process, timed from the first byte sent to status DONE; beside a naive baseline (TypeORM
// save per row, timed on a sample and extrapolated) in the same run, on the same database.
// Run: npm run build && node dist/bench/import-throughput.js   (BENCH_ROWS, BENCH_BASELINE_SAMPLE)
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { syntheticCsv } from './import-csv';
import { naiveImport } from './import-naive';
import { finished, log, startBenchStack, uploadStream, waitUntil } from './import-setup';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SAMPLE = Number(process.env.BENCH_BASELINE_SAMPLE ?? 2_000);

async function main() {
  const stack = await startBenchStack('imports');
  try {
    const worker = await stack.spawnWorker();
    const organizations = Array.from({ length: 12 }, (_, i) => `Bench Union ${i + 1}`);
    await stack.db.query(`INSERT INTO organizations (name, kind) SELECT unnest($1::text[]), 'UNION'`, [organizations]);
    const csv = syntheticCsv(ROWS, 'bench.example', organizations);
    log(`Import of ${ROWS.toLocaleString('en')} rows (${(ROWS - csv.distinct).toLocaleString('en')} duplicates); ${cpus().length} CPUs (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, load average ${loadavg()[0].toFixed(1)}`);

    const started = performance.now();
    const id = await uploadStream(stack, csv.chunks());
    const uploaded = performance.now();
    const job = await waitUntil(stack.db, id, finished);
    const done = performance.now();
    const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))![1]);
    const seconds = (done - started) / 1000;
    const rate = ROWS / seconds;
    log(`  upload + staging (API: parse, COPY): ${((uploaded - started) / 1000).toFixed(1)} s`);
    log(`  merge (worker: set-based SQL):       ${((done - uploaded) / 1000).toFixed(1)} s`);
    log(`  result: ${job.status}, created ${job.created}, updated ${job.updated}, failed ${job.failed} (expected ${csv.distinct} / ${ROWS - csv.distinct} / 0)`);
    log(`  end to end: ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s; worker peak RSS ${(peakKiB / 1024).toFixed(0)} MB; load average now ${loadavg()[0].toFixed(1)}`);

    const baseline = await naiveImport(stack.env.DATABASE_URL, syntheticCsv(SAMPLE, 'naive.example', organizations));
    log(`Naive baseline (TypeORM find + save per row and per membership), sample of ${SAMPLE.toLocaleString('en')} rows: ${baseline.seconds.toFixed(1)} s = ${Math.round(baseline.rate).toLocaleString('en')} rows/s`);
    log(`  extrapolated to ${ROWS.toLocaleString('en')} rows: ${(ROWS / baseline.rate / 60).toFixed(1)} min`);
    log(`Speed-up: ${(rate / baseline.rate).toFixed(1)}x`);
  } finally {
    await stack.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
