// Exports: streamed CSV scoped like `people`, neutralized against formula injection; export → import changes nothing.
import { request } from 'node:http';
import type { Client } from 'pg';
import { parse } from 'csv-parse/sync';
import type { RunningApi } from '../support/app';
import type { World } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { uploadCsv, waitForImport, ImportStack, startImportStack, stopImportStack } from './imports/imports-helpers';

jest.setTimeout(60_000);

describe('people export', () => {
  let api: RunningApi;
  let stack: ImportStack;
  let world: World;
  let db: Client;
  const tag = `x${Math.random().toString(36).slice(2, 8)}`;
  const email = (name: string) => `${name}.${tag}@example.test`;

  const exportCsv = async (token: string | undefined, query = `search=${tag}`) => {
    const response = await fetch(`${api.url}/exports/people.csv?${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: Buffer.from(await response.arrayBuffer()).toString('utf8'),
    };
  };
  const snapshot = async () =>
    (
      await db.query(
        `SELECT p.email, p.first_name, p.last_name, p.tags, p.email_status, p.updated_at,
            array(SELECT o.name || ':' || m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE m.person_id = p.id ORDER BY o.name) AS memberships
     FROM people p WHERE p.email::text LIKE $1 ORDER BY p.email`,
        [`%.${tag}@example.test`],
      )
    ).rows;

  beforeAll(async () => {
    stack = await startImportStack();
    ({ api, world, db } = stack);
    const person = async (name: string, first: string, last: string | null, tags: string[], status = 'SUBSCRIBED') =>
      (
        await db.query(
          `INSERT INTO people (email, first_name, last_name, tags, email_status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [email(name), first, last, tags, status],
        )
      ).rows[0].id;
    const member = (personId: string, organizationId: string, role: string) =>
      db.query(`INSERT INTO memberships (person_id, organization_id, role) VALUES ($1, $2, $3)`, [
        personId,
        organizationId,
        role,
      ]);
    const ann = await person('ann', 'Ann', 'O\'Hara, "the Elder"', ['board', 'vip']);
    await member(ann, world.orgA.id, 'LEADERSHIP');
    await member(ann, world.orgB.id, 'MEMBER');
    await member(
      await person(
        'bea',
        '=HYPERLINK("http://evil.example","click")',
        'Multi\nline',
        ['-minus', '+plus'],
        'UNSUBSCRIBED',
      ),
      world.orgA.id,
      'STAFF',
    );
    await member(await person('cid', 'Cid', null, [], 'BOUNCING'), world.orgB.id, 'MEMBER');
    await person('dan', '@Dan', '  spaced  ', ['solo']);
  });
  afterAll(() => stopImportStack(stack));

  it('streams the filtered people, one line per membership, with formula cells neutralized', async () => {
    const { status, type, body } = await exportCsv(world.admin);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/csv/);
    expect(body.startsWith('\uFEFFemail,first_name,last_name,organization,role,tags\r\n')).toBe(true);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(body).not.toMatch(/(^|,|\n)[=+\-@]/);
    const rows: string[][] = parse(body, { bom: true, from_line: 2 });
    expect(rows.map((r) => r[0]).sort()).toEqual(
      [email('ann'), email('ann'), email('bea'), email('cid'), email('dan')].sort(),
    );
    const bea = rows.find((r) => r[0] === email('bea'))!;
    expect(bea).toEqual([
      email('bea'),
      `'=HYPERLINK("http://evil.example","click")`,
      'Multi\nline',
      world.orgA.name,
      'STAFF',
      `'-minus;+plus`,
    ]);
    expect(rows.find((r) => r[0] === email('dan'))![1]).toBe(`'@Dan`);

    const { rows: audit } = await db.query(
      `SELECT changes FROM audit_events WHERE action = 'export.people' AND changes->'filter'->>'search' = $1`,
      [tag],
    );
    expect(audit[0].changes).toMatchObject({ rows: 5, completed: true });
  });

  it('scopes ORG_STAFF to their organization and refuses press officers and anonymous callers', async () => {
    const { status, body } = await exportCsv(world.staffA.token);
    expect(status).toBe(200);
    const rows: string[][] = parse(body, { bom: true, from_line: 2 });
    expect(rows.map((r) => `${r[0]}|${r[3]}`).sort()).toEqual(
      [`${email('ann')}|${world.orgA.name}`, `${email('bea')}|${world.orgA.name}`].sort(),
    );
    expect((await exportCsv(world.press.token)).status).toBe(403);
    expect((await exportCsv(undefined)).status).toBe(401);
    const filtered = parse((await exportCsv(world.admin, `search=${tag}&emailStatus=UNSUBSCRIBED`)).body, {
      bom: true,
      from_line: 2,
    });
    expect(filtered.map((r: string[]) => r[0])).toEqual([email('bea')]);
  });

  it('stops an export whose client went away and records it as cut off', async () => {
    // ~15 MB of CSV: more than the sockets buffer, so the server must wait for the client.
    // (Tag and addresses share nothing with `tag`, so the other tests' searches never see them.)
    const big = `bulk${Math.random().toString(36).slice(2, 8)}`;
    await db.query(
      `INSERT INTO people (email, first_name, last_name, tags)
       SELECT i || '.' || $1 || '@bulk.example.test', repeat('F', 200), repeat('L', 200), array_append(array_fill(repeat('t', 100), ARRAY[10]), $1)
       FROM generate_series(1, 10000) i`,
      [big],
    );
    try {
      const { hostname, port } = new URL(api.url);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no response')), 10_000);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const req = request(
          {
            hostname,
            port,
            path: `/exports/people.csv?tag=${big}`,
            headers: { authorization: `Bearer ${world.admin}` },
          },
          (response) => {
            expect(response.statusCode).toBe(200);
            response.once('data', () => {
              req.destroy(); // the client goes away after the first bytes
              done();
            });
          },
        );
        req.on('error', () => undefined);
        req.on('response', (response) => response.on('error', () => undefined));
        req.once('close', done);
        req.end();
      });
      const audit = await waitFor(
        async () =>
          (
            await db.query(
              `SELECT changes FROM audit_events WHERE action = 'export.people' AND changes->'filter'->>'tag' = $1`,
              [big],
            )
          ).rows[0],
        { timeoutMs: 10_000, what: 'the export.people audit event' },
      );
      expect(audit.changes).toMatchObject({ completed: false, filter: { tag: big } });
      expect(audit.changes.rows).toBeLessThan(10000);
    } finally {
      await db.query(`DELETE FROM people WHERE email LIKE $1`, [`%.${big}@bulk.example.test`]);
    }
  });

  it('export → import changes nothing', async () => {
    const before = await snapshot();
    const { body } = await exportCsv(world.admin);
    const job = await waitForImport(api.url, world.admin, (await uploadCsv(api.url, world.admin, body)).json.id);
    expect(job).toMatchObject({ status: 'DONE', created: 0, updated: 5, failed: 0, errors: [] });
    expect(await snapshot()).toEqual(before);
  });
});
