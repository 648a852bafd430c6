// A worker killed (SIGKILL) in the middle of a 200,000-row import: another worker resumes it and
// the result is exactly the file's rows, once each. Needs `npm run build` (the worker runs from dist/).
import type { Client } from 'pg';
import { spawnWorker, startApi, stopProcess, testEnv, RunningApi } from '../support/app';
import { createWorld, World } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { emailOf, syntheticCsv } from '../../bench/import-csv';
import { finished, jobRow } from '../../bench/import-setup';
import { database } from '../support/db';
import { uploadCsv } from './imports/imports-helpers';

jest.setTimeout(180_000);

const ROWS = 200_000;

describe('import crash recovery', () => {
  let api: RunningApi;
  let world: World;
  let db: Client;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  beforeAll(async () => {
    api = await startApi(testEnv({ IMPORTS_CHUNK_ROWS: '20000' }));
    world = await createWorld(api.url);
    db = await database();
  });
  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker);
    await db.end();
    await api.close();
  });

  it('resumes after the worker is killed mid-import and ends with exactly the rows of the file', async () => {
    const domain = `crash-${Math.random().toString(36).slice(2, 8)}.example`;
    const organizations = [world.orgA.name, world.orgB.name];
    const csv = syntheticCsv(ROWS, domain, organizations);
    const pairs = new Set<string>();
    for (let i = 1; i <= ROWS; i++)
      pairs.add(`${emailOf(i, domain).toLowerCase()}|${organizations[i % organizations.length]}`);

    workers.push(spawnWorker(api.env));
    const upload = await uploadCsv(api.url, world.admin, csv.chunks());
    expect(upload.status).toBe(202);
    const id = upload.json.id;
    const progress = () => jobRow(db, id);

    // Kill the worker once some chunks are merged and before the last one.
    const atKill = await waitFor(
      async () => {
        const job = await progress();
        return job.processed_rows > 0 ? job : null;
      },
      { timeoutMs: 90_000, intervalMs: 20, what: 'the first merged chunk' },
    );
    await stopProcess(workers[0], 'SIGKILL');
    const afterKill = await progress();
    expect(afterKill.status).toBe('PROCESSING');
    expect(afterKill.processed_rows).toBeLessThan(ROWS);

    workers.push(spawnWorker(api.env));
    const done = await waitFor(
      async () => {
        const job = await progress();
        return finished(job) ? job : null;
      },
      { timeoutMs: 150_000, intervalMs: 200, what: 'the retried import' },
    );
    expect(done).toMatchObject({
      status: 'DONE',
      total_rows: ROWS,
      created: csv.distinct,
      updated: ROWS - csv.distinct,
      failed: 0,
    });
    expect(atKill.processed_rows).toBeGreaterThan(0);

    const {
      rows: [people],
    } = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT lower(email::text))::int AS distinct FROM people WHERE email::text LIKE $1`,
      [`%@${domain}`],
    );
    expect(people).toEqual({ n: csv.distinct, distinct: csv.distinct });
    const {
      rows: [memberships],
    } = await db.query(
      `SELECT count(*)::int AS n FROM memberships m JOIN people p ON p.id = m.person_id WHERE p.email::text LIKE $1`,
      [`%@${domain}`],
    );
    expect(memberships.n).toBe(pairs.size);
    const {
      rows: [staging],
    } = await db.query(`SELECT to_regclass($1) AS t`, [`import_staging.rows_${id.replace(/-/g, '')}`]);
    expect(staging.t).toBeNull();
  });
});
