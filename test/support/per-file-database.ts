// Runs before each e2e test file: the file gets a database of its own, copied from the run's
// migrated template, so that one file's workers and reconcilers never see another file's rows.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

beforeAll(async () => {
  const template = new URL(process.env.CHORUS_TEST_TEMPLATE_URL!);
  const templateName = template.pathname.slice(1);
  const name = `${templateName}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(template);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  } finally {
    await client.end();
  }
  const own = new URL(template);
  own.pathname = `/${name}`;
  process.env.DATABASE_URL = own.toString();
});
