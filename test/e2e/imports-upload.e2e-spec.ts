// Imports: what a broken, foreign or aborted upload does (400s naming the problem, no stuck connection).
import { request } from 'node:http';
import type { Client } from 'pg';
import type { RunningApi } from '../support/app';
import type { World } from '../support/fixtures';
import { sleep, waitFor } from '../support/wait-for';
import { uploadCsv, waitForImport, ImportStack, startImportStack, stopImportStack } from './imports/imports-helpers';

jest.setTimeout(60_000);

describe('import uploads', () => {
  let api: RunningApi;
  let stack: ImportStack;
  let world: World;
  let db: Client;
  const tag = Math.random().toString(36).slice(2, 8);
  const email = (name: string) => `${name}.${tag}@example.test`;

  beforeAll(async () => {
    stack = await startImportStack();
    ({ api, world, db } = stack);
  });
  afterAll(() => stopImportStack(stack));

  /** Sends the start of an upload, then drops the connection. */
  async function abortedUpload(start: string): Promise<void> {
    const { hostname, port } = new URL(api.url);
    const req = request({
      hostname,
      port,
      path: '/imports/people?lawfulBasis=CONSENT',
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${world.admin}` },
    });
    req.on('error', () => undefined);
    req.write(start);
    await sleep(100); // let the API reach the body
    req.destroy();
  }

  it('releases the connection of every aborted upload (more aborts than the pool has connections)', async () => {
    for (let i = 0; i < 12; i++) {
      await abortedUpload('email,first_na'); // mid-header
      await abortedUpload(`email,first_name\n${email(`cut${i}`)},Cut\n${email('half')},Ha`); // mid-body
    }
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query LIKE 'COPY import_staging.%'`,
        );
        return rows[0].n === 0;
      },
      { timeoutMs: 5000, what: 'no connection left in COPY' },
    );
    const upload = await uploadCsv(api.url, world.admin, `email,first_name\n${email('after')},After\n`);
    expect(upload.status).toBe(202);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [
      `cut%.${tag}@example.test`,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('stops at a record longer than 1 MiB (a quote never closed) with a 400 that says so', async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`email,first_name\n${email('q')},"Never closed\n`);
      for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, 'x'); // 4 MiB more
    }
    const upload = await uploadCsv(api.url, world.admin, body());
    expect(upload).toMatchObject({ status: 400, json: { error: { code: 'BAD_USER_INPUT' } } });
    expect(JSON.stringify(upload.json)).toContain('longer than 1 MiB: probably a quote (\\") opened and never closed');
    // Refused with most of the body unread: the connection is closed, not offered for another request.
    expect(upload.connection).toBe('close');
  });

  it('refuses a file that is not UTF-8 (Excel\'s Windows-1252 "CSV") with a 400 saying how to save it', async () => {
    const upload = await uploadCsv(
      api.url,
      world.admin,
      Buffer.from(`email,first_name,last_name\n${email('mueller')},J\xfcrgen,M\xfcller\n`, 'latin1'),
    );
    expect(upload).toMatchObject({ status: 400, json: { error: { code: 'BAD_USER_INPUT' } } });
    expect(JSON.stringify(upload.json)).toContain('save it as \\"CSV UTF-8\\"');
    expect(await db.query(`SELECT 1 FROM people WHERE email = $1`, [email('mueller')])).toMatchObject({ rowCount: 0 });
  });

  it('fails only the row of a cell holding a NUL character', async () => {
    const upload = await uploadCsv(
      api.url,
      world.admin,
      `email,first_name\n${email('nul')},Nu\u0000ll\n${email('fine')},Fine\n`,
    );
    expect(upload.status).toBe(202);
    const job = await waitForImport(api.url, world.admin, upload.json.id);
    expect(job).toMatchObject({
      status: 'DONE',
      created: 1,
      failed: 1,
      errors: [{ row: 2, message: 'a cell contains a NUL character (\\0)' }],
    });
  });

  it('keeps row numbers after a blank line in the middle of the file', async () => {
    const csv = `email,first_name\n${email('before')},Before\n\nnot-an-email,Bad\n\r\n   \n${email('late')},\n`;
    const job = await waitForImport(api.url, world.admin, (await uploadCsv(api.url, world.admin, csv)).json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 1, failed: 2 });
    expect(job.errors).toEqual([
      { row: 4, message: 'email "not-an-email" is not a valid address' },
      { row: 7, message: 'first_name is required' },
    ]);
  });
});
