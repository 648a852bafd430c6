// Export → import round trip of the demo data (libs/seed) changes nothing.
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { dropDatabase, runMigrations } from '@chorus/core';
import { seedDemo } from '@chorus/seed';
import { ADMIN, startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { loginAdmin } from '../support/gql';
import { uploadCsv, waitForImport } from './imports/imports-helpers';

jest.setTimeout(180_000);

const everything = `
  SELECT p.id, p.email, p.first_name, p.last_name, p.phone, p.country, p.disciplines, p.tags, p.email_status, p.consent_at, p.updated_at,
         array(SELECT m.organization_id || ':' || m.role || ':' || coalesce(m.member_number, '') FROM memberships m WHERE m.person_id = p.id ORDER BY 1) AS memberships
  FROM people p ORDER BY p.id`;

describe('demo data round trip', () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_imports_demo`;
  const databaseUrl = url.toString();
  let api: RunningApi;
  let worker: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    await runMigrations(databaseUrl);
    await seedDemo(databaseUrl, ADMIN, () => undefined);
    const env = testEnv({ DATABASE_URL: databaseUrl });
    api = await startApi(env);
    worker = await startWorker(env);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await dropDatabase(databaseUrl);
  });

  it('exports every person and imports the file back without changing anything', async () => {
    const admin = await loginAdmin(api.url);
    const before = (await db.query(everything)).rows;
    const response = await fetch(`${api.url}/exports/people.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    const csv = Buffer.from(await response.arrayBuffer());
    const lines = csv.toString('utf8').split('\r\n').length - 2; // header, trailing newline (no field of the demo has a newline)

    const job = await waitForImport(api.url, admin, (await uploadCsv(api.url, admin, csv)).json.id, 120_000);
    expect(job).toMatchObject({ status: 'DONE', created: 0, failed: 0, errors: [] });
    expect(job.updated).toBe(lines);
    expect(before.length).toBeGreaterThanOrEqual(2000);
    expect((await db.query(everything)).rows).toEqual(before);
  });
});
