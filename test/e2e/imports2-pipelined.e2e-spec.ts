// The worker merges an import while its file still uploads (issue #12), yet a file that turns out
// broken at its end still changes nothing.
import type { Client } from 'pg';
import type { RunningApi } from '../support/app';
import type { World } from '../support/fixtures';
import { database } from '../support/db';
import { gqlOk } from '../support/gql';
import { waitFor } from '../support/wait-for';
import {
  IMPORT_QUERY,
  uploadCsv,
  waitForImport,
  ImportStack,
  startImportStack,
  stopImportStack,
} from './imports/imports-helpers';

jest.setTimeout(120_000);

describe('imports merged while they upload', () => {
  let api: RunningApi;
  let stack: ImportStack;
  let world: World;
  let db: Client;
  const tag = Math.random().toString(36).slice(2, 8);
  const email = (name: string) => `${name}.${tag}@example.test`;

  beforeAll(async () => {
    // Small batches and chunks, so that a few thousand rows make several of each.
    stack = await startImportStack({ IMPORTS_STAGE_BATCH_BYTES: String(16 * 1024), IMPORTS_CHUNK_ROWS: '400' });
    ({ api, world, db } = stack);
  });
  afterAll(() => stopImportStack(stack));

  /** A body that sends `head`, then waits until `release` says how it ends. */
  function pausedBody(head: string) {
    let release!: (tail: Buffer) => void;
    const tail = new Promise<Buffer>((resolve) => (release = resolve));
    async function* body(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(head);
      yield await tail;
    }
    return { body: body(), release };
  }

  const rows = (prefix: string, from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `${email(`${prefix}${from + i}`)},Piped,Row${from + i}\n`).join('');
  const people = async (prefix: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [`${prefix}%.${tag}@example.test`]))
      .rows[0].n;
  /** Another session (the worker) holds rows of `people` it inserted but has not committed. */
  const mergingUncommitted = async () =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE c.relname = 'people' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
    ).rows[0].n > 0;

  it('merges the rows staged so far before the upload ends, and commits them with the rest', async () => {
    const { body, release } = pausedBody(`email,first_name,last_name\n${rows('piped', 0, 3000)}`);
    const answer = uploadCsv(api.url, world.admin, body, { lawfulBasis: 'CONSENT' });
    await waitFor(mergingUncommitted, { timeoutMs: 20_000, what: 'the worker merging while the upload still streams' });
    const [job] = (await db.query(`SELECT id, status FROM import_jobs ORDER BY created_at DESC LIMIT 1`)).rows;
    expect(job.status).toBe('RECEIVING');
    expect(await people('piped')).toBe(0); // nothing visible before the whole file has arrived
    const { import: seen } = await gqlOk(api.url, IMPORT_QUERY, { id: job.id }, world.admin);
    expect(seen).toMatchObject({ status: 'RECEIVING', created: 0 });
    // Progress while the file streams: the rows received so far, out of a total not yet known.
    const { import: receiving } = await gqlOk(
      api.url,
      'query($id: ID!) { import(id: $id) { receivedRows totalRows } }',
      { id: job.id },
      world.admin,
    );
    expect(receiving.totalRows).toBe(0);
    expect(receiving.receivedRows).toBeGreaterThan(0);
    expect(receiving.receivedRows).toBeLessThanOrEqual(3000);

    release(Buffer.from(`${rows('piped', 3000, 1000)}${rows('piped', 0, 10)}not-an-email,Bad\n`));
    const upload = await answer;
    expect(upload).toMatchObject({ status: 202, json: { id: job.id } });
    const done = await waitForImport(api.url, world.admin, job.id);
    const { import: received } = await gqlOk(
      api.url,
      'query($id: ID!) { import(id: $id) { receivedRows totalRows } }',
      { id: job.id },
      world.admin,
    );
    expect(received).toEqual({ receivedRows: 4011, totalRows: 4011 });
    expect(done).toMatchObject({
      status: 'DONE',
      created: 4000,
      updated: 10,
      failed: 1,
      errors: [{ row: 4012, message: expect.stringContaining('email') }],
    });
    expect(await people('piped')).toBe(4000);
  });

  /**
   * The worker's sessions holding uncommitted people: what each last ran and whether it waits
   * for another transaction (a row lock: the other partition's, or anyone's).
   */
  const mergingSessions = async () =>
    (
      await db.query(
        `SELECT a.pid, a.query, a.wait_event FROM pg_stat_activity a
       WHERE a.datname = current_database() AND a.pid IN (
         SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE c.relname = 'people' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid())`,
      )
    ).rows as { pid: number; query: string; wait_event: string | null }[];

  it('merges its two partitions side by side while the file uploads: neither waits for the other (issue 12: deadlock)', async () => {
    // ~15 chunks per partition, each its own INSERT into people in the partition's open transaction.
    const { body, release } = pausedBody(`email,first_name,last_name\n${rows('sided', 0, 12000)}`);
    const answer = uploadCsv(api.url, world.admin, body, { lawfulBasis: 'CONSENT' });
    // Caught up: both partitions poll for more rows; or stuck: one waits for a row lock.
    const sessions = await waitFor(
      async () => {
        const found = await mergingSessions();
        const stuck = found.some((s) => s.wait_event === 'transactionid' || s.wait_event === 'tuple');
        const caughtUp = found.length === 2 && found.every((s) => s.query.trimStart().startsWith('SELECT status'));
        return stuck || caughtUp ? found : null;
      },
      { timeoutMs: 60_000, what: 'both partitions merging what is staged' },
    );
    release(Buffer.from(rows('sided', 12000, 100)));
    const upload = await answer;
    expect(sessions.map((s) => s.wait_event).filter((w) => w === 'transactionid' || w === 'tuple')).toEqual([]);
    const done = await waitForImport(api.url, world.admin, upload.json.id);
    expect(done).toMatchObject({ status: 'DONE', created: 12100, updated: 0, failed: 0 });
    // The admins' totalCount (trigger-kept counter) agrees with the people there are.
    const { people: listed } = await gqlOk(api.url, 'query { people(first: 1) { totalCount } }', {}, world.admin);
    expect(listed.totalCount).toBe((await db.query(`SELECT count(*)::int AS n FROM people`)).rows[0].n);
  });

  it('keeps the people count without lock waits when transactions insert people statement by statement, interleaved', async () => {
    // Two sessions, each adding people in 20 statements in one transaction, taking turns: a
    // counter slot held by the other would block this sequential driver (lock_timeout ends it).
    const sessions = [await database(), await database()];
    try {
      for (const session of sessions) await session.query(`BEGIN; SET LOCAL lock_timeout = '3s'`);
      for (let i = 0; i < 20; i++) {
        for (const [n, session] of sessions.entries()) {
          await session.query(`INSERT INTO people (email, first_name) VALUES ($1, 'Turn')`, [email(`turn${n}-${i}`)]);
        }
      }
      for (const session of sessions) await session.query('COMMIT');
    } finally {
      await Promise.all(sessions.map((s) => s.end()));
    }
    expect(await people('turn')).toBe(40);
    const { people: listed } = await gqlOk(api.url, 'query { people(first: 1) { totalCount } }', {}, world.admin);
    expect(listed.totalCount).toBe((await db.query(`SELECT count(*)::int AS n FROM people`)).rows[0].n);
  });

  it('rolls back what it merged when the end of the file turns out broken: nothing stays', async () => {
    const { body, release } = pausedBody(`email,first_name,last_name\n${rows('broken', 0, 3000)}`);
    const answer = uploadCsv(api.url, world.admin, body, { lawfulBasis: 'CONSENT' });
    await waitFor(mergingUncommitted, { timeoutMs: 20_000, what: 'the worker merging while the upload still streams' });
    release(Buffer.from(`${rows('broken', 3000, 100)}\xff\xfe not UTF-8\n`, 'latin1'));
    const upload = await answer;
    expect(upload).toMatchObject({ status: 400, json: { error: { code: 'BAD_USER_INPUT' } } });
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM import_jobs WHERE status <> 'DONE'`)).rows[0].n === 0,
      { timeoutMs: 10_000, what: 'the refused import removed' },
    );
    expect(await mergingUncommitted()).toBe(false);
    expect(await people('broken')).toBe(0);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'import_staging'`)).rows[0].n,
    ).toBe(0);
  });
});
