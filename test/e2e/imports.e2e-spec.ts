// Imports: a CSV with good rows, bad rows, a BOM, quoted newlines and duplicates merges exactly.
import type { Client } from 'pg';
import type { RunningApi } from '../support/app';
import { gql } from '../support/gql';
import type { World } from '../support/fixtures';
import {
  IMPORT_QUERY,
  uploadCsv,
  waitForImport,
  ImportStack,
  startImportStack,
  stopImportStack,
} from './imports/imports-helpers';

jest.setTimeout(60_000);

describe('imports', () => {
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

  const person = async (address: string) => {
    const { rows } = await db.query(
      `SELECT id, email, first_name, last_name, tags, email_status FROM people WHERE email = $1`,
      [address],
    );
    return rows;
  };
  const memberships = async (address: string) => {
    const { rows } = await db.query(
      `SELECT o.name, m.role FROM memberships m JOIN people p ON p.id = m.person_id JOIN organizations o ON o.id = m.organization_id WHERE p.email = $1 ORDER BY o.name`,
      [address],
    );
    return rows.map((r) => `${r.name}:${r.role}`);
  };

  it('imports mixed rows with exact counts and row errors, each good row once, and keeps an unsubscribed person unsubscribed', async () => {
    await db.query(
      `INSERT INTO people (email, first_name, last_name, tags, email_status) VALUES ($1, 'Uma', 'Original', '{existing}', 'UNSUBSCRIBED')`,
      [email('unsub')],
    );
    const csv = [
      '\uFEFFEmail,First_Name,Last Name,ORGANIZATION,role,tags',
      `${email('ada')},Ada,Lovelace,${world.orgA.name},member,writers;poets`,
      `not-an-email,Bob,,${world.orgA.name},,`,
      `${email('carl')},Carl,,Nowhere Org ${tag},,`,
      `"${email('dora')}","Dora","Multi\nLine, Esq.",${world.orgB.name.toUpperCase()},STAFF,"a;b"`,
      `${email('ada').toUpperCase()},Ada,,${world.orgB.name},leadership,editors;poets`,
      `${email('unsub')},Uma,Changed,${world.orgA.name},,newsletter`,
      `,NoEmail,,,,`,
      `${email('eve')},,,,,`,
      `${email('frank')},Frank,,,chief,`,
      `,,,,,`,
      `${email('gina')},Gina,,,,`,
      `"${email('hal')}",'=HAL,9000,,,`,
      '',
    ].join('\r\n');
    const upload = await uploadCsv(api.url, world.admin, csv);
    expect(upload.status).toBe(202);
    expect(upload.json.id).toEqual(expect.any(String));

    const job = await waitForImport(api.url, world.admin, upload.json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 4, updated: 2, failed: 5 });
    expect(job.errors).toEqual([
      { row: 3, message: 'email "not-an-email" is not a valid address' },
      { row: 4, message: `unknown organization "Nowhere Org ${tag}"` },
      { row: 8, message: 'email is required' },
      { row: 9, message: 'first_name is required' },
      { row: 10, message: 'role "chief" is not one of MEMBER, STAFF, LEADERSHIP' },
    ]);

    const ada = await person(email('ada'));
    expect(ada).toHaveLength(1);
    expect(ada[0]).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      tags: ['writers', 'poets', 'editors'],
      email_status: 'SUBSCRIBED',
    });
    expect(await memberships(email('ada'))).toEqual(
      [`${world.orgA.name}:MEMBER`, `${world.orgB.name}:LEADERSHIP`].sort(),
    );
    expect((await person(email('dora')))[0]).toMatchObject({ last_name: 'Multi\nLine, Esq.', tags: ['a', 'b'] });
    expect(await memberships(email('dora'))).toEqual([`${world.orgB.name}:STAFF`]);
    expect((await person(email('gina')))[0]).toMatchObject({ first_name: 'Gina', last_name: null, tags: [] });
    expect((await person(email('hal')))[0]).toMatchObject({ first_name: '=HAL', last_name: '9000' });
    const unsub = await person(email('unsub'));
    expect(unsub).toHaveLength(1);
    expect(unsub[0]).toMatchObject({
      first_name: 'Uma',
      last_name: 'Original',
      tags: ['existing', 'newsletter'],
      email_status: 'UNSUBSCRIBED',
    });
    expect(await memberships(email('unsub'))).toEqual([`${world.orgA.name}:MEMBER`]);
    for (const name of ['carl', 'eve', 'frank']) expect(await person(email(name))).toHaveLength(0);

    const { rows: audit } = await db.query(
      `SELECT action, changes FROM audit_events WHERE entity = 'import_jobs' AND entity_id = $1 ORDER BY occurred_at`,
      [upload.json.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['import.uploaded', 'import.completed']);
    expect(audit[1].changes).toMatchObject({ rows: 11, created: 4, updated: 2, failed: 5 });
    // Issue 15: each merged chunk records one import.merge event of the people and memberships it wrote (same transaction).
    const { rows: merges } = await db.query(
      `SELECT actor_user_id, changes FROM audit_events WHERE entity = 'people' AND action = 'import.merge' AND changes->>'importId' = $1`,
      [upload.json.id],
    );
    expect(merges.length).toBeGreaterThan(0);
    const total = (key: string) => merges.reduce((sum, m) => sum + m.changes[key], 0);
    expect({ created: total('created'), updated: total('updated'), failed: total('failed') }).toEqual({
      created: 4,
      updated: 2,
      failed: 5,
    });
    expect(merges.every((m) => m.actor_user_id !== null)).toBe(true);

    // The same file again creates nobody and changes nothing.
    const before = await db.query(
      `SELECT email, first_name, last_name, tags, email_status, updated_at FROM people WHERE email LIKE $1 ORDER BY email`,
      [`%.${tag}@example.test`],
    );
    const again = await waitForImport(api.url, world.admin, (await uploadCsv(api.url, world.admin, csv)).json.id);
    expect(again).toMatchObject({ status: 'DONE', created: 0, updated: 6, failed: 5 });
    const after = await db.query(
      `SELECT email, first_name, last_name, tags, email_status, updated_at FROM people WHERE email LIKE $1 ORDER BY email`,
      [`%.${tag}@example.test`],
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('reads `;`-separated files and binds ORG_STAFF imports to their own organization', async () => {
    const csv = [
      'email;first_name;last_name;organization;role;tags',
      `${email('sam')};Sam;Staffed;;;"x;y"`,
      `${email('tom')};Tom;;${world.orgA.name};staff;`,
      `${email('ugo')};Ugo;;${world.orgB.name};;`,
    ].join('\n');
    const upload = await uploadCsv(api.url, world.staffA.token, csv);
    expect(upload.status).toBe(202);
    const job = await waitForImport(api.url, world.staffA.token, upload.json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 2, updated: 0, failed: 1 });
    expect(job.errors).toEqual([
      { row: 4, message: `organization "${world.orgB.name}" is not yours: your imports go to your own organization` },
    ]);
    expect(await memberships(email('sam'))).toEqual([`${world.orgA.name}:MEMBER`]);
    expect(await memberships(email('tom'))).toEqual([`${world.orgA.name}:STAFF`]);
    expect((await person(email('sam')))[0].tags).toEqual(['x', 'y']);

    // Another organization's staff and press officers cannot see it; press officers cannot import.
    expect(
      (await gql(api.url, IMPORT_QUERY, { id: upload.json.id }, world.staffB.token)).errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect(
      (await gql(api.url, IMPORT_QUERY, { id: upload.json.id }, world.press.token)).errors?.[0].extensions.code,
    ).toBe('FORBIDDEN');
    expect((await uploadCsv(api.url, world.press.token, csv)).status).toBe(403);
    expect((await uploadCsv(api.url, undefined, csv)).status).toBe(401);
  });

  it('rejects a file without an email column or with a broken quote, leaving nothing behind', async () => {
    const noEmail = await uploadCsv(api.url, world.admin, 'name,first_name\nx,y\n');
    expect(noEmail).toMatchObject({ status: 400, json: { error: { code: 'BAD_USER_INPUT' } } });
    const broken = await uploadCsv(api.url, world.admin, `email,first_name\n"${email('zed')},Zed\n`);
    expect(broken).toMatchObject({ status: 400, json: { error: { code: 'BAD_USER_INPUT' } } });
    // A column named twice: which one holds the data? Refused rather than half of it dropped.
    const twice = await uploadCsv(api.url, world.admin, `email,first_name,Email\n${email('one')},A,${email('two')}\n`);
    expect(twice).toMatchObject({
      status: 400,
      json: {
        error: { code: 'BAD_USER_INPUT', fields: { file: 'has the column "email" twice in its header row: keep one' } },
      },
    });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM import_jobs WHERE status = 'RECEIVING'`);
    expect(rows[0].n).toBe(0);
  });
});
