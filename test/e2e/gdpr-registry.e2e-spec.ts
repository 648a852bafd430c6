// The registry in the GDPR operations: mergePeople moves the duplicate's works and creator-wide
// TDM reservations to the kept person (the opt-out stays published, the lookup cache is cleared),
// exportPerson includes them, erasePerson keeps them published without what identifies the creator.
import { gqlOk } from '../support/gql';
import { createPerson, GdprStack, startGdprStack, stopGdprStack } from './gdpr/gdpr-helpers';

const REGISTER = 'mutation($i: RegisterWorkInput!) { registerWork(input: $i) { id } }';
const RESERVE = 'mutation($i: SetReservationInput!) { setTdmReservation(input: $i) { id status } }';
const MERGE = 'mutation($k: ID!, $m: ID!) { mergePeople(keepId: $k, mergeId: $m) { id } }';
const EXPORT = 'query($id: ID!) { exportPerson(id: $id) }';
const ERASE = 'mutation($id: ID!) { erasePerson(id: $id) { id erasedAt } }';
const RESERVATIONS =
  'query($c: ID) { tdmReservations(creatorPersonId: $c) { id organizationId creatorPersonId licensingContact status } }';

describe('gdpr: registry works and reservations', () => {
  let stack: GdprStack;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  const lookup = async (isrc: string) => {
    const response = await fetch(`${stack.api.url}/registry/lookup?isrc=${isrc}`);
    expect(response.status).toBe(200);
    return (await response.json()) as { reserved: boolean; works: any[] };
  };
  const register = async (creatorPersonId: string, organizationId: string, isrc: string, extra = {}) =>
    (
      await gqlOk(
        stack.api.url,
        REGISTER,
        { i: { title: `Song ${isrc}`, kind: 'SOUND_RECORDING', creatorPersonId, organizationId, isrc, ...extra } },
        stack.world.admin,
      )
    ).registerWork.id as string;
  const reserve = async (input: Record<string, unknown>) => {
    const set = (await gqlOk(stack.api.url, RESERVE, { i: { attest: true, ...input } }, stack.world.admin))
      .setTdmReservation;
    expect(set.status).toBe('ATTESTED');
    return set.id as string;
  };

  it('merge moves the duplicate’s works and reservations (the kept person’s wins per organization), audited; the lookup still answers reserved at once', async () => {
    const { world, api, db } = stack;
    const keep = await createPerson(stack, world.admin);
    const dup = await createPerson(stack, world.admin);
    const dupReservationA = await reserve({
      creatorPersonId: dup.id,
      organizationId: world.orgA.id,
      licensingContact: 'zq.alt@example.net',
    });
    const keepReservationB = await reserve({
      creatorPersonId: keep.id,
      organizationId: world.orgB.id,
      licensingContact: 'keep.b@example.net',
    });
    const dupReservationB = await reserve({
      creatorPersonId: dup.id,
      organizationId: world.orgB.id,
      licensingContact: 'dup.b@example.net',
    });
    const workA = await register(dup.id, world.orgA.id, 'QZDEM2699001');
    const workB = await register(dup.id, world.orgB.id, 'QZDEM2699002');
    const keptWorkA = await register(keep.id, world.orgA.id, 'QZDEM2699003');

    // QZDEM2699001 is not asked before the merge (nothing cached: the answer comes from PostgreSQL);
    // the other two are, so their answers after the merge show that the cache was cleared.
    expect((await lookup('QZDEM2699002')).works[0].reservation.licensingContact).toBe('dup.b@example.net');
    expect(await lookup('QZDEM2699003')).toMatchObject({ reserved: false }); // cached until the merge clears it

    await gqlOk(api.url, MERGE, { k: keep.id, m: dup.id }, world.admin);

    // Right after the merge (no waiting for the cache to expire): the same opt-outs, now the kept person's.
    const a = await lookup('QZDEM2699001');
    expect(a.reserved).toBe(true);
    expect(a.works[0].reservation.licensingContact).toBe('zq.alt@example.net');
    // orgB: both had a creator-wide reservation; the kept person's stays.
    const b = await lookup('QZDEM2699002');
    expect(b.reserved).toBe(true);
    expect(b.works[0].reservation.licensingContact).toBe('keep.b@example.net');
    // The kept person's own work is now covered by the moved orgA reservation.
    const kept = await lookup('QZDEM2699003');
    expect(kept.reserved).toBe(true);
    expect(kept.works[0].reservation.licensingContact).toBe('zq.alt@example.net');

    const works = await db.query(`SELECT id, creator_person_id FROM registry_works WHERE id = ANY($1) ORDER BY id`, [
      [workA, workB, keptWorkA],
    ]);
    expect(works.rows.map((w) => w.creator_person_id)).toEqual([keep.id, keep.id, keep.id]);
    const reservations = (await gqlOk(api.url, RESERVATIONS, { c: keep.id }, world.admin)).tdmReservations;
    expect(reservations.map((r: any) => [r.id, r.organizationId, r.licensingContact]).sort()).toEqual(
      [
        [dupReservationA, world.orgA.id, 'zq.alt@example.net'],
        [keepReservationB, world.orgB.id, 'keep.b@example.net'],
      ].sort(),
    );
    expect((await db.query(`SELECT 1 FROM registry_reservations WHERE id = $1`, [dupReservationB])).rowCount).toBe(0);

    const events = await db.query(
      `SELECT entity, entity_id, action, changes FROM audit_events
       WHERE entity IN ('registry_works', 'registry_reservations') AND action IN ('merge', 'delete') AND entity_id = ANY($1)`,
      [[workA, workB, keptWorkA, dupReservationA, dupReservationB, keepReservationB]],
    );
    const byId = Object.fromEntries(events.rows.map((e) => [e.entity_id, e]));
    expect(events.rows).toHaveLength(4);
    for (const id of [workA, workB])
      expect(byId[id]).toMatchObject({
        entity: 'registry_works',
        action: 'merge',
        changes: { before: { creatorPersonId: dup.id }, after: { creatorPersonId: keep.id } },
      });
    expect(byId[dupReservationA]).toMatchObject({
      entity: 'registry_reservations',
      action: 'merge',
      changes: { before: { creatorPersonId: dup.id }, after: { creatorPersonId: keep.id } },
    });
    expect(byId[dupReservationB]).toMatchObject({
      entity: 'registry_reservations',
      action: 'delete',
      changes: { reason: 'merge', mergedInto: keep.id, before: { licensingContact: 'dup.b@example.net' } },
    });
  });

  it('exportPerson contains the person’s works and reservations with the licensing contact', async () => {
    const { world, api } = stack;
    const person = await createPerson(stack, world.admin);
    const creatorWide = await reserve({
      creatorPersonId: person.id,
      organizationId: world.orgA.id,
      licensingContact: 'licensing@union-a.example',
    });
    const work = await register(person.id, world.orgA.id, 'QZDEM2699011', { isni: '0000000121032683' });
    const ofWork = await reserve({ workId: work, licensingContact: 'https://union-a.example/licence' });

    const document = JSON.parse((await gqlOk(api.url, EXPORT, { id: person.id }, world.admin)).exportPerson);
    expect(document.registryWorks).toEqual([
      expect.objectContaining({
        id: work,
        title: 'Song QZDEM2699011',
        kind: 'SOUND_RECORDING',
        isrc: 'QZDEM2699011',
        isni: '0000000121032683',
        registered_by: world.orgA.name,
      }),
    ]);
    expect(document.tdmReservations).toEqual([
      expect.objectContaining({
        id: creatorWide,
        work_id: null,
        organization: world.orgA.name,
        status: 'ATTESTED',
        licensing_contact: 'licensing@union-a.example',
      }),
      expect.objectContaining({
        id: ofWork,
        work_id: work,
        work_title: 'Song QZDEM2699011',
        licensing_contact: 'https://union-a.example/licence',
      }),
    ]);
  });

  it('erasure keeps the works and the published opt-out; the ISNI, the name in titles and a contact naming the person go, at once in the lookup', async () => {
    const { world, api, db } = stack;
    const person = await createPerson(stack, world.admin);
    const reservation = await reserve({
      creatorPersonId: person.id,
      organizationId: world.orgA.id,
      licensingContact: `ask ${person.email}`,
    });
    const work = await register(person.id, world.orgA.id, 'QZDEM2699021', {
      isni: '0000000123456789',
      title: `Ballad of ${person.lastName}`,
    });
    const before = await lookup('QZDEM2699021');
    expect(before.works[0]).toMatchObject({
      title: `Ballad of ${person.lastName}`,
      identifiers: { isni: '0000000123456789' },
      reservation: { licensingContact: `ask ${person.email}` },
    });

    await gqlOk(api.url, ERASE, { id: person.id }, world.admin);

    const after = await lookup('QZDEM2699021');
    expect(after.reserved).toBe(true);
    expect(after.works[0]).toMatchObject({
      title: 'Ballad of [erased]',
      identifiers: { isni: null },
      reservation: { 'tdm-reservation': 1, licensingContact: null },
    });
    expect(JSON.stringify(after)).not.toContain(person.email);
    const row = await db.query(`SELECT status, creator_person_id FROM registry_reservations WHERE id = $1`, [
      reservation,
    ]);
    expect(row.rows[0]).toEqual({ status: 'ATTESTED', creator_person_id: person.id });
    const events = await db.query(
      `SELECT entity, entity_id, changes FROM audit_events WHERE action = 'erase' AND entity_id = ANY($1) ORDER BY entity`,
      [[work, reservation]],
    );
    expect(events.rows).toEqual([
      { entity: 'registry_reservations', entity_id: reservation, changes: { erased: ['licensingContact'] } },
      { entity: 'registry_works', entity_id: work, changes: { erased: ['isni', 'title'] } },
    ]);
    // The ISNI written into the work's earlier events is gone from the trail too.
    const isniLeft = await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE changes::text LIKE '%0000000123456789%'`,
    );
    expect(isniLeft.rows[0].n).toBe(0);
  });
});
