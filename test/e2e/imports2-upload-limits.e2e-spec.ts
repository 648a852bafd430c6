// Uploads have a maximum size and an idle timeout, and stalled uploads never hold the database
// pool: the API keeps answering (issue #11).
import { request, IncomingMessage } from 'node:http';
import type { Client } from 'pg';
import type { RunningApi } from '../support/app';
import type { World } from '../support/fixtures';
import { gqlOk } from '../support/gql';
import { waitFor } from '../support/wait-for';
import { uploadCsv, ImportStack, startImportStack, stopImportStack } from './imports/imports-helpers';

jest.setTimeout(120_000);

const POOL = 10; // DATABASE_POOL_SIZE's default, which the test API uses
const MAX_BYTES = 256 * 1024;

describe('import upload limits', () => {
  let api: RunningApi;
  let stack: ImportStack;
  let world: World;
  let db: Client;
  const tag = Math.random().toString(36).slice(2, 8);
  const email = (name: string) => `${name}.${tag}@example.test`;

  beforeAll(async () => {
    stack = await startImportStack({
      IMPORTS_IDLE_TIMEOUT_SECONDS: '3',
      IMPORTS_MAX_BYTES: String(MAX_BYTES),
      IMPORTS_STAGE_BATCH_BYTES: String(16 * 1024),
    });
    ({ api, world, db } = stack);
  });
  afterAll(() => stopImportStack(stack));

  /** Starts an upload that sends `start` and then nothing more; resolves with the API's answer. */
  function stalledUpload(start: string): { answer: Promise<{ status: number; at: number }>; stop: () => void } {
    const { hostname, port } = new URL(api.url);
    const req = request({
      hostname,
      port,
      path: '/imports/people?lawfulBasis=CONSENT',
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${world.admin}` },
    });
    const answer = new Promise<{ status: number; at: number }>((resolve) => {
      req.on('response', (res: IncomingMessage) => {
        res.resume();
        resolve({ status: res.statusCode!, at: Date.now() });
      });
      req.on('error', () => resolve({ status: 0, at: Date.now() }));
    });
    req.write(start);
    return { answer, stop: () => req.destroy() };
  }

  const leftovers = async () => ({
    imports: (await db.query(`SELECT count(*)::int AS n FROM import_jobs`)).rows[0].n,
    staging: (await db.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'import_staging'`)).rows[0].n,
  });

  it(`keeps answering { me } while ${POOL + 2} uploads stall after their header, and cuts them at the idle timeout`, async () => {
    const started = Date.now();
    const stalled = Array.from({ length: POOL + 2 }, (_, i) =>
      stalledUpload(`email,first_name\n${email(`stall${i}`)},Stalled\n`),
    );
    try {
      await new Promise((r) => setTimeout(r, 500)); // every upload has reached the API
      const before = Date.now();
      const { me } = await gqlOk(api.url, '{ me { email } }', {}, world.admin);
      expect(me.email).toBeTruthy();
      expect(Date.now() - before).toBeLessThan(2000);
      const answers = await Promise.all(stalled.map((s) => s.answer));
      // 408 after ~3 s of silence, not at Node's 5-minute request timeout.
      for (const answer of answers) {
        expect(answer.status).toBe(408);
        expect(answer.at - started).toBeLessThan(15_000);
      }
    } finally {
      stalled.forEach((s) => s.stop());
    }
    await waitFor(
      async () => {
        const left = await leftovers();
        return left.imports === 0 && left.staging === 0;
      },
      { timeoutMs: 10_000, what: 'no import left by the stalled uploads' },
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [`stall%.${tag}@example.test`]))
        .rows[0].n,
    ).toBe(0);
  });

  it('cuts an upload that stalls after some batches were stored, and leaves nothing behind', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${email(`part${i}`)},Part,Stored`).join('\n'); // ~40 KiB: two batches
    const stalled = stalledUpload(`email,first_name,last_name\n${rows}\n`);
    await waitFor(async () => (await leftovers()).imports === 1, { timeoutMs: 5000, what: 'batches staged' });
    const [{ id: importId }] = (await db.query(`SELECT id FROM import_jobs`)).rows;
    expect((await stalled.answer).status).toBe(408);
    stalled.stop();
    await waitFor(
      async () => {
        const left = await leftovers();
        return left.imports === 0 && left.staging === 0;
      },
      { timeoutMs: 10_000, what: 'the stalled import removed' },
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [`part%.${tag}@example.test`]))
        .rows[0].n,
    ).toBe(0);
    // Issue 15: the removal of the refused upload is in the audit trail (the only thing left of it).
    const { rows: trail } = await db.query(
      `SELECT action, actor_user_id FROM audit_events WHERE entity = 'import_jobs' AND entity_id = $1`,
      [importId],
    );
    expect(trail).toEqual([{ action: 'import.refused', actor_user_id: expect.any(String) }]);
  });

  it('answers 413 to an upload over IMPORTS_MAX_BYTES, declared or streamed, and leaves nothing behind', async () => {
    const line = (i: number) => `${email(`big${i}`)},Big,Upload\n`;
    const big = `email,first_name,last_name\n${Array.from({ length: Math.ceil(MAX_BYTES / line(0).length) + 10 }, (_, i) => line(i)).join('')}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BYTES);
    const declared = await uploadCsv(api.url, world.admin, big);
    expect(declared).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(JSON.stringify(declared.json)).toContain('IMPORTS_MAX_BYTES');
    // Streamed without a length: refused once the count passes the limit, after batches were stored.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const bytes = Buffer.from(big);
      for (let at = 0; at < bytes.length; at += 8 * 1024) yield bytes.subarray(at, at + 8 * 1024);
    }
    const streamed = await uploadCsv(api.url, world.admin, chunks());
    expect(streamed).toMatchObject({ status: 413 });
    await waitFor(
      async () => {
        const left = await leftovers();
        return left.imports === 0 && left.staging === 0;
      },
      { timeoutMs: 10_000, what: 'the refused import removed' },
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [`big%.${tag}@example.test`]))
        .rows[0].n,
    ).toBe(0);
    // Just under the limit is fine.
    const fits = await uploadCsv(api.url, world.admin, `email,first_name\n${email('fits')},Fits\n`);
    expect(fits.status).toBe(202);
  });
});
