// Security review of the registry: a work identifier or URL names one work in the whole registry,
// so staff of one organization cannot publish contradicting TDM signals for another's work
// (GraphQL, the works CSV import, concurrent registrations, the migration); staff name only
// their own organization as rights holder; non-uuid id arguments are BAD_USER_INPUT, not a 500.
import type { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { RegistryUniqueIdentifiers1765001000000 } from '../../libs/core/src/database/migrations/1765001000000-registry-unique-identifiers';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, outcomeOf } from '../support/gql';
import { database } from '../support/db';
import { createWorld, World } from '../support/fixtures';

const ISRC = 'QZDEM2600100';
const URL_B = 'https://harbor-records.example.org/releases/harbor-lights';
const REGISTER =
  'mutation($i: RegisterWorkInput!) { registerWork(input: $i) { id isrc url rightsHolderOrganizationId } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateWorkInput!) { updateWork(id: $id, input: $i) { id title isrc url } }';
const OTHER = 'is already registered by another organization';

describe('registry: one work per identifier across organizations', () => {
  let api: RunningApi;
  let world: World;
  let db: Client;
  let workB: { id: string };

  const importCsv = (csv: string, token: string) =>
    fetch(`${api.url}/registry/works/import?reservation=NONE`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: csv,
    });
  const worksWith = async (column: 'isrc' | 'url', value: string) =>
    (await db.query(`SELECT organization_id, title FROM registry_works WHERE ${column} = $1`, [value])).rows;

  beforeAll(async () => {
    api = await startApi(testEnv());
    world = await createWorld(api.url);
    db = await database();
    // Union B registers the single and attests its reservation.
    workB = (
      await gqlOk(
        api.url,
        REGISTER,
        { i: { title: 'Harbor Lights', kind: 'SOUND_RECORDING', isrc: ISRC, url: URL_B } },
        world.staffB.token,
      )
    ).registerWork;
    await gqlOk(
      api.url,
      'mutation($i: SetReservationInput!) { setTdmReservation(input: $i) { id } }',
      { i: { workId: workB.id, attest: true } },
      world.staffB.token,
    );
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  it("refuses registering or updating a work with another organization's ISRC or URL (CONFLICT naming the field)", async () => {
    const byA = (i: Record<string, unknown>, token = world.staffA.token) =>
      gql(api.url, REGISTER, { i: { title: 'Harbor Lights (copy)', kind: 'SOUND_RECORDING', ...i } }, token);

    const isrc = await byA({ isrc: 'qz-dem-26-00100', url: URL_B }); // another spelling of the same ISRC
    expect(isrc.errors?.[0]).toMatchObject({
      message: `isrc "${ISRC}" is already registered by another organization`,
      extensions: { code: 'CONFLICT', fields: { isrc: OTHER } },
    });
    const url = await byA({ url: 'HTTPS://Harbor-Records.example.org:443/releases/harbor-lights#play' });
    expect(url.errors?.[0]).toMatchObject({
      message: `url "${URL_B}" is already registered by another organization`,
      extensions: { code: 'CONFLICT', fields: { url: OTHER } },
    });
    // The rule is the registry's, not a staff restriction: an admin registering for A is refused too.
    const admin = await byA({ isrc: ISRC, organizationId: world.orgA.id }, world.admin);
    expect(admin.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: { isrc: OTHER } });

    // A's own work cannot take B's identifiers by an update either.
    const own = (
      await gqlOk(api.url, REGISTER, { i: { title: 'Own', kind: 'OTHER', isrc: 'QZDEM2600101' } }, world.staffA.token)
    ).registerWork;
    for (const i of [{ url: URL_B }, { isrc: ISRC }]) {
      const update = await gql(api.url, UPDATE, { id: own.id, i }, world.staffA.token);
      expect(update.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: { [Object.keys(i)[0]]: OTHER } });
    }

    // Within one organization an identifier names one work as before; a work keeps its own.
    const again = await gql(
      api.url,
      REGISTER,
      { i: { title: 'Again', kind: 'OTHER', isrc: ISRC } },
      world.staffB.token,
    );
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: { isrc: 'is already registered by this organization' },
    });
    const kept = await gqlOk(
      api.url,
      UPDATE,
      { id: workB.id, i: { title: 'Harbor Lights', isrc: ISRC, url: URL_B } },
      world.staffB.token,
    );
    expect(kept.updateWork).toMatchObject({ isrc: ISRC, url: URL_B });

    // One work, so one public rule and one lookup entry.
    expect(await worksWith('isrc', ISRC)).toEqual([{ organization_id: world.orgB.id, title: 'Harbor Lights' }]);
    expect(await (await fetch(`${api.url}/.well-known/tdmrep.json?host=harbor-records.example.org`)).json()).toEqual([
      { location: '/releases/harbor-lights', 'tdm-reservation': 1 },
    ]);
    const lookup = (await (await fetch(`${api.url}/registry/lookup?isrc=${ISRC}`)).json()) as any;
    expect(lookup.works.map((w: any) => w.registeredBy)).toEqual([world.orgB.id]);
  });

  it('lets only one of two concurrent registrations of an identifier win; the other is CONFLICT', async () => {
    const isrcs = Array.from({ length: 8 }, (_, i) => `QZDEM2601${String(i).padStart(3, '0')}`);
    const results = await Promise.all(
      isrcs.flatMap((isrc) =>
        [world.staffA, world.staffB].map((staff) =>
          gql(api.url, REGISTER, { i: { title: 'Race', kind: 'OTHER', isrc } }, staff.token),
        ),
      ),
    );
    for (let i = 0; i < isrcs.length; i++) {
      expect([outcomeOf(results[2 * i]), outcomeOf(results[2 * i + 1])].sort()).toEqual(['CONFLICT', 'OK']);
      expect(await worksWith('isrc', isrcs[i])).toHaveLength(1);
    }
  });

  it("refuses CSV rows naming another organization's ISRC or URL, and imports the other rows", async () => {
    const response = await importCsv(
      [
        'title,kind,isrc,url',
        'Fresh one,SOUND_RECORDING,QZDEM2600201,https://union-a.example.org/fresh-one', // row 2
        `Copy by ISRC,SOUND_RECORDING,${ISRC},`, // row 3
        `Copy by URL,SOUND_RECORDING,QZDEM2600203,HTTPS://HARBOR-RECORDS.EXAMPLE.ORG/releases/harbor-lights`, // row 4
        'Fresh two,SOUND_RECORDING,QZDEM2600205,', // row 5
        'Same page,SOUND_RECORDING,QZDEM2600206,https://union-a.example.org/fresh-one', // row 6
      ].join('\n'),
      world.staffA.token,
    );
    expect(response.status).toBe(200);
    const result = (await response.json()) as any;
    expect(result).toMatchObject({ created: 2, updated: 0, failed: 3 });
    expect(result.errors).toEqual([
      { row: 3, field: 'isrc', message: OTHER },
      { row: 4, field: 'url', message: OTHER },
      { row: 6, field: 'url', message: 'is also on row 2' },
    ]);
    expect(await worksWith('isrc', ISRC)).toEqual([{ organization_id: world.orgB.id, title: 'Harbor Lights' }]);
    expect(await worksWith('url', URL_B)).toHaveLength(1);
    expect(await worksWith('isrc', 'QZDEM2600203')).toEqual([]);

    // A row updating one of A's works with an identifier of another of A's works is a row error,
    // not a failed import; the rest of the file still merges.
    const again = (await (
      await importCsv(
        [
          'title,kind,isrc,url',
          'Fresh two,SOUND_RECORDING,QZDEM2600205,https://union-a.example.org/fresh-one', // row 2
          'Fresh one (remaster),SOUND_RECORDING,QZDEM2600201,', // row 3
        ].join('\n'),
        world.staffA.token,
      )
    ).json()) as any;
    expect(again).toMatchObject({
      created: 0,
      updated: 1,
      failed: 1,
      errors: [{ row: 2, field: 'url', message: 'belongs to another work of the organization' }],
    });
  });

  it('lets staff name only their own organization as rights holder; admins may name any', async () => {
    const work = (i: Record<string, unknown>, token = world.staffA.token) =>
      gql(api.url, REGISTER, { i: { title: 'Label release', kind: 'SOUND_RECORDING', ...i } }, token);
    const refused = await work({ rightsHolderOrganizationId: world.orgB.id });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { rightsHolderOrganizationId: expect.stringContaining('your own organization') },
    });
    const own = (await work({ rightsHolderOrganizationId: world.orgA.id })).data!.registerWork;
    expect(own.rightsHolderOrganizationId).toBe(world.orgA.id);
    const update = await gql(
      api.url,
      UPDATE,
      { id: own.id, i: { rightsHolderOrganizationId: world.orgB.id } },
      world.staffA.token,
    );
    expect(update.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { rightsHolderOrganizationId: expect.any(String) },
    });

    const byAdmin = await work(
      { organizationId: world.orgA.id, rightsHolderOrganizationId: world.orgB.id },
      world.admin,
    );
    expect(outcomeOf(byAdmin)).toBe('OK');
    // Staff may still edit that work, sending its rights holder unchanged.
    const edit = await gql(
      api.url,
      UPDATE,
      {
        id: byAdmin.data!.registerWork.id,
        i: { title: 'Label release (edit)', rightsHolderOrganizationId: world.orgB.id },
      },
      world.staffA.token,
    );
    expect(outcomeOf(edit)).toBe('OK');
  });

  it('answers BAD_USER_INPUT naming the argument for non-uuid ids, never an internal error', async () => {
    for (const argument of ['workId', 'creatorPersonId']) {
      const inline = await gql(api.url, `{ tdmReservations(${argument}: "abc") { id } }`, {}, world.staffA.token);
      expect(inline.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { [argument]: expect.any(String) },
      });
      const variable = await gql(
        api.url,
        `query($v: ID) { tdmReservations(${argument}: $v) { id } }`,
        { v: 'abc' },
        world.admin,
      );
      expect(variable.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { [argument]: expect.any(String) },
      });
    }
    // The other registry operations taking ids: no 500 either.
    const others: [string, string][] = [
      ['{ work(id: "abc") { id } }', 'NOT_FOUND'],
      ['{ works(organizationId: "abc") { totalCount } }', 'BAD_USER_INPUT'],
      ['mutation { updateWork(id: "abc", input: { title: "x" }) { id } }', 'NOT_FOUND'],
      ['mutation { deleteWork(id: "abc") }', 'NOT_FOUND'],
      ['mutation { withdrawTdmReservation(id: "abc") { id } }', 'NOT_FOUND'],
      ['mutation { setTdmReservation(input: { workId: "abc", attest: true }) { id } }', 'BAD_USER_INPUT'],
      [
        'mutation { registerWork(input: { title: "x", kind: OTHER, isrc: "QZDEM2600999", creatorPersonId: "abc" }) { id } }',
        'BAD_USER_INPUT',
      ],
    ];
    for (const [query, code] of others)
      expect([query, outcomeOf(await gql(api.url, query, {}, world.admin))]).toEqual([query, code]);
    const badOrganization = await fetch(`${api.url}/registry/works/import?organizationId=${'-'.repeat(36)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${world.admin}` },
      body: 'title,kind,isrc\nX,OTHER,QZDEM2600998\n',
    });
    expect(badOrganization.status).toBe(400);
    expect((await fetch(`${api.url}/registry/works/abc/tdmrep.json`)).status).toBe(404);
  });

  it('the migration refuses a database whose works share identifiers across organizations, naming them', async () => {
    const migration = new RegistryUniqueIdentifiers1765001000000();
    const runner = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows };
    await db.query('BEGIN');
    try {
      await migration.down(runner as unknown as QueryRunner); // back to per-organization indexes
      await db.query(
        `INSERT INTO registry_works (organization_id, title, kind, isrc) VALUES ($1, 'Duplicate', 'OTHER', $2)`,
        [world.orgA.id, ISRC],
      );
      await expect(migration.up(runner as unknown as QueryRunner)).rejects.toThrow(
        `1 identifier(s) are registered by more than one organization (isrc ${ISRC})`,
      );
      await db.query(`DELETE FROM registry_works WHERE organization_id = $1 AND isrc = $2`, [world.orgA.id, ISRC]);
      await migration.up(runner as unknown as QueryRunner);
      const { rows } = await db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_works_isrc'`);
      expect(rows[0].indexdef).toContain('(isrc) WHERE (isrc IS NOT NULL)');
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
