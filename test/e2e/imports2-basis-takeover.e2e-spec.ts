// Imports declare their GDPR lawful basis (issue #13); an ORG_STAFF import never takes over a
// person their organization cannot see (issue #11).
import type { Client } from 'pg';
import type { RunningApi } from '../support/app';
import type { World } from '../support/fixtures';
import { gqlOk } from '../support/gql';
import { uploadCsv, waitForImport, ImportStack, startImportStack, stopImportStack } from './imports/imports-helpers';

jest.setTimeout(120_000);

const REFUSED = 'this email cannot be imported by your organization';

describe('imports: lawful basis and ORG_STAFF takeovers', () => {
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

  const people = async (like: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM people WHERE email LIKE $1`, [like])).rows[0].n;
  const person = async (address: string) =>
    (
      await db.query(
        `SELECT p.first_name, p.last_name, p.tags, p.updated_at, coalesce(array_agg(o.name ORDER BY o.name) FILTER (WHERE o.id IS NOT NULL), '{}') AS orgs
       FROM people p LEFT JOIN memberships m ON m.person_id = p.id LEFT JOIN organizations o ON o.id = m.organization_id
       WHERE lower(p.email::text) = lower($1) GROUP BY p.id`,
        [address],
      )
    ).rows[0];

  it('refuses an upload without a lawful basis, or with one GDPR Art. 6 does not give a CRM, naming the parameter', async () => {
    const csv = `email,first_name\n${email('nobasis')},No\n`;
    const missing = await uploadCsv(api.url, world.admin, csv, {});
    expect(missing).toMatchObject({
      status: 400,
      json: { error: { code: 'BAD_USER_INPUT', fields: { lawfulBasis: expect.stringContaining('is required') } } },
    });
    const wrong = await uploadCsv(api.url, world.admin, csv, { lawfulBasis: 'VITAL_INTERESTS' });
    expect(wrong).toMatchObject({
      status: 400,
      json: {
        error: {
          code: 'BAD_USER_INPUT',
          fields: { lawfulBasis: 'must be one of CONSENT, CONTRACT, LEGITIMATE_INTEREST' },
        },
      },
    });
    const longNote = await uploadCsv(api.url, world.admin, csv, {
      lawfulBasis: 'CONSENT',
      lawfulBasisNote: 'x'.repeat(2001),
    });
    expect(longNote).toMatchObject({
      status: 400,
      json: { error: { fields: { lawfulBasisNote: 'must be at most 2000 characters' } } },
    });
    expect(await people(email('nobasis'))).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM import_jobs`)).rows[0].n).toBe(0);
  });

  it('stores the declared basis on the import, exposes it on ImportJob and records it in the audit trail', async () => {
    const note = 'Signed the membership form at the 2026 general assembly';
    const upload = await uploadCsv(api.url, world.admin, `email,first_name\n${email('basis')},Basil\n`, {
      lawfulBasis: 'CONTRACT',
      lawfulBasisNote: note,
    });
    expect(upload.status).toBe(202);
    const job = await waitForImport(api.url, world.admin, upload.json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 1, lawfulBasis: 'CONTRACT', lawfulBasisNote: note });
    const { rows } = await db.query(`SELECT lawful_basis, lawful_basis_note FROM import_jobs WHERE id = $1`, [
      upload.json.id,
    ]);
    expect(rows).toEqual([{ lawful_basis: 'CONTRACT', lawful_basis_note: note }]);
    const audit = (
      await db.query(
        `SELECT action, changes FROM audit_events WHERE entity = 'import_jobs' AND entity_id = $1 ORDER BY occurred_at`,
        [upload.json.id],
      )
    ).rows;
    expect(audit.map((a) => [a.action, a.changes.lawfulBasis])).toEqual([
      ['import.uploaded', 'CONTRACT'],
      ['import.completed', 'CONTRACT'],
    ]);
    expect(audit[0].changes.lawfulBasisNote).toBe(note);
  });

  it('fails, with one message that does not reveal why, the rows of people only in another organization or in none; those people stay untouched', async () => {
    // Guild B's member, a person in no organization, and a member of both.
    const seeded = await uploadCsv(
      api.url,
      world.admin,
      [
        'email,first_name,last_name,organization,tags',
        `${email('bella')},Bella,Bee,${world.orgB.name},b-only`,
        `${email('both')},Bo,Th,${world.orgB.name},shared`,
        `${email('both')},Bo,Th,${world.orgA.name},`,
      ].join('\n'),
    );
    await waitForImport(api.url, world.admin, seeded.json.id);
    await gqlOk(
      api.url,
      'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
      { i: { email: email('nora'), firstName: 'Nora', tags: ['signer'] } },
      world.admin,
    );
    const before = { bella: await person(email('bella')), nora: await person(email('nora')) };

    const upload = await uploadCsv(
      api.url,
      world.staffA.token,
      [
        'email,first_name,last_name,tags',
        `${email('BELLA')},Taken,Over,union-a`, // Guild B's only (another letter case)
        `${email('nora')},Nora,Claimed,union-a`, // in no organization
        `${email('both')},Bo,Th,union-a`, // already Union A's as well
        `${email('fresh')},Fresh,Person,union-a`, // belongs to nobody: imports fine
        `${email('bella')},Again,,`, // every row of a refused person fails
      ].join('\n'),
    );
    expect(upload.status).toBe(202);
    const job = await waitForImport(api.url, world.staffA.token, upload.json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 1, updated: 1, failed: 3 });
    expect(job.errors).toEqual([
      { row: 2, message: REFUSED },
      { row: 3, message: REFUSED },
      { row: 6, message: REFUSED },
    ]);
    // Untouched: no Union A membership, same name, tags and updated_at.
    expect(await person(email('bella'))).toEqual(before.bella);
    expect(await person(email('nora'))).toEqual(before.nora);
    expect(before.bella.orgs).toEqual([world.orgB.name]);
    expect(before.nora.orgs).toEqual([]);
    expect(await person(email('both'))).toMatchObject({ tags: ['shared', 'union-a'] });
    expect(await person(email('fresh'))).toMatchObject({
      first_name: 'Fresh',
      orgs: [world.orgA.name],
      tags: ['union-a'],
    });

    // The coalition admin may still import them.
    const admin = await waitForImport(
      api.url,
      world.admin,
      (
        await uploadCsv(
          api.url,
          world.admin,
          `email,first_name,organization\n${email('bella')},Bella,${world.orgA.name}\n`,
        )
      ).json.id,
    );
    expect(admin).toMatchObject({ status: 'DONE', updated: 1, failed: 0 });
    expect((await person(email('bella'))).orgs).toEqual([world.orgA.name, world.orgB.name].sort());
  });
});
