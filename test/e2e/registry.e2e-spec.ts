// Issue 14: a union registers its members' works by CSV, a member confirms the reservation by
// email, the public lookup and the machine-readable forms (TDMRep, AI preferences, bulk export)
// publish it, and staff of another organization cannot touch the works.
import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, outcomeOf } from '../support/gql';
import { database } from '../support/db';
import { createWorld, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const MEMBERS = 20;
const WORKS = 1000;
const RATE_LIMIT = 200;
const isrcOf = (i: number) => `US-CH1-26-${String(i).padStart(5, '0')}`;
const normalizedIsrc = (i: number) => `USCH126${String(i).padStart(5, '0')}`;
const WORK_FIELDS = 'id title kind isrc iswc isbn url organizationId creatorPersonId';

describe('registry: works, reservations, publication', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let db: Client;
  let members: { id: string; email: string }[];
  let lookups = 0;

  const importCsv = (csv: string, token: string, query = '') =>
    fetch(`${api.url}/registry/works/import${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: csv,
    });
  const lookup = async (query: string) => {
    lookups += 1;
    return fetch(`${api.url}/registry/lookup?${query}`);
  };
  const workByIsrc = async (i: number) =>
    (await db.query(`SELECT id, creator_person_id FROM registry_works WHERE isrc = $1`, [normalizedIsrc(i)])).rows[0];

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({
      SMTP_URL: sink.url,
      PUBLIC_URL: 'http://chorus.test',
      REGISTRY_LOOKUP_RATE_LIMIT: String(RATE_LIMIT),
    });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
    db = await database();
    members = [];
    for (let i = 0; i < MEMBERS; i++) {
      const email = uniqueEmail(`member${i}`);
      const person = (
        await gqlOk(
          api.url,
          'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
          { i: { email, firstName: `Member${i}` } },
          world.staffA.token,
        )
      ).createPerson;
      members.push({ id: person.id, email });
    }
  });
  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  it("imports 1,000 works by CSV for the union's members, reports bad rows, and asks each creator once to confirm", async () => {
    const lines = ['title,kind,creator_email,isrc,iswc,isbn,url'];
    for (let i = 0; i < WORKS; i++) {
      const member = members[i % MEMBERS];
      lines.push(
        [
          `Song ${i}`,
          i % 2 ? 'sound recording' : 'SOUND_RECORDING',
          member.email,
          isrcOf(i),
          '',
          '',
          i % 10 === 0 ? `https://works.example.org/track/${i}` : '',
        ].join(','),
      );
    }
    lines.push('Bad check digit,COMPOSITION,,,T-034.524.680-2,,'); // row 1002
    lines.push(`Stranger,BOOK,${uniqueEmail('stranger')},,,978-0-306-40615-7,`); // row 1003
    lines.push('No key,BOOK,,,,,'); // row 1004
    const response = await importCsv(lines.join('\n'), world.staffA.token);
    expect(response.status).toBe(200);
    const result = (await response.json()) as any;
    expect(result).toMatchObject({
      created: WORKS,
      updated: 0,
      failed: 3,
      reservationsRequested: MEMBERS,
      reservationsAttested: 0,
    });
    expect(result.errors).toEqual([
      { row: 1002, field: 'iswc', message: 'has a wrong ISWC check digit' },
      { row: 1003, field: 'creator_email', message: 'is not a person of your organization' },
      { row: 1004, field: 'isrc', message: 'a work needs at least one of isrc, iswc, isbn or url' },
    ]);
    expect(
      Number(
        (await db.query(`SELECT count(*) FROM registry_works WHERE organization_id = $1`, [world.orgA.id])).rows[0]
          .count,
      ),
    ).toBe(WORKS);
    // Issue 15: the set-based merge of the works and the reservations it inserted are in the audit trail.
    const { rows: imported } = await db.query(
      `SELECT changes FROM audit_events WHERE entity = 'registry_works' AND action = 'import' AND changes->>'organizationId' = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [world.orgA.id],
    );
    expect(imported[0].changes).toMatchObject({
      created: WORKS,
      updated: 0,
      failed: 3,
      reservationsRequested: MEMBERS,
    });
    const { rows: reservations } = await db.query(
      `SELECT r.id, (SELECT count(*)::int FROM audit_events e WHERE e.entity = 'registry_reservations' AND e.entity_id = r.id::text AND e.action = 'create') AS events
       FROM registry_reservations r WHERE r.organization_id = $1 AND r.creator_person_id = ANY($2::uuid[])`,
      [world.orgA.id, members.map((m) => m.id)],
    );
    expect(reservations.map((r) => r.events)).toEqual(members.map(() => 1));

    // A re-import updates by ISRC instead of duplicating, and asks nobody twice.
    const again = await (
      await importCsv(
        `title,kind,creator_email,isrc\nSong zero (remaster),SOUND_RECORDING,${members[0].email},${isrcOf(0)}\n`,
        world.staffA.token,
      )
    ).json();
    expect(again).toMatchObject({ created: 0, updated: 1, failed: 0, reservationsRequested: 0 });
    expect(
      (await db.query(`SELECT title FROM registry_works WHERE isrc = $1`, [normalizedIsrc(0)])).rows[0].title,
    ).toBe('Song zero (remaster)');

    await waitFor(() => members.every((m) => sink.to(m.email).length === 1), {
      what: 'one confirmation email per creator',
      timeoutMs: 30000,
    });
  });

  it('publishes a reservation only after the member confirms it by email; the lookup by ISRC answers it', async () => {
    const before = await lookup(`isrc=${isrcOf(0)}`);
    expect(before.status).toBe(200);
    expect((await before.json()) as any).toEqual({ isrc: normalizedIsrc(0), reserved: false, works: [] });

    const mail = sink.to(members[0].email)[0];
    expect(mail.parsed.subject).toContain('confirm your reservation');
    const path = /http:\/\/chorus\.test(\/confirm\/reservation\/[\w.-]+)/.exec(mail.parsed.text ?? '')![1];
    expect((await fetch(`${api.url}${path}`)).status).toBe(200); // GET shows a button, confirms nothing
    expect(((await (await lookup(`isrc=${isrcOf(0)}`)).json()) as any).reserved).toBe(false);
    expect((await fetch(`${api.url}${path}`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${api.url}${path.slice(0, -3)}abc`, { method: 'POST' })).status).toBe(404);

    // Hyphens and case do not matter: the lookup normalizes.
    const after = await lookup(`isrc=${isrcOf(0).toLowerCase()}`);
    expect(after.headers.get('content-type')).toContain('application/json');
    const body = (await after.json()) as any;
    expect(body).toMatchObject({ isrc: normalizedIsrc(0), reserved: true });
    expect(body.works).toHaveLength(1);
    expect(body.works[0]).toMatchObject({
      title: 'Song zero (remaster)',
      kind: 'SOUND_RECORDING',
      registeredBy: world.orgA.id,
      reservation: {
        'tdm-reservation': 1,
        aiPreferences: { 'train-ai': 'n', 'train-genai': 'n', search: 'y' },
        confirmedBy: 'CREATOR',
      },
    });
    // Every work of that creator is covered by the creator-wide reservation, others not yet.
    expect(((await (await lookup(`isrc=${isrcOf(MEMBERS)}`)).json()) as any).reserved).toBe(true);
    expect(((await (await lookup(`isrc=${isrcOf(1)}`)).json()) as any).reserved).toBe(false);

    const [reservation] = (
      await db.query(`SELECT id, status, confirmed_at FROM registry_reservations WHERE creator_person_id = $1`, [
        members[0].id,
      ])
    ).rows;
    expect(reservation.status).toBe('CONFIRMED');
    const audit = (
      await db.query(
        `SELECT action FROM audit_events WHERE entity = 'registry_reservations' AND entity_id = $1 ORDER BY occurred_at`,
        [reservation.id],
      )
    ).rows.map((r) => r.action);
    expect(audit).toEqual(['create', 'update']);
  });

  it('refuses malformed identifiers in the lookup with 400 naming the parameter', async () => {
    const bad = await lookup('isrc=US-CH1-26');
    expect(bad.status).toBe(400);
    expect(JSON.stringify((await bad.json()) as any)).toContain('isrc');
    expect((await lookup('isbn=978-0-306-40615-8')).status).toBe(400);
    expect((await lookup('')).status).toBe(400);
  });

  it('serves /.well-known/tdmrep.json in the TDMRep shape for the registered URLs', async () => {
    const response = await fetch(`${api.url}/.well-known/tdmrep.json`);
    expect(response.status).toBe(200);
    const rules = (await response.json()) as any;
    expect(Array.isArray(rules)).toBe(true);
    // Member 0's works with a URL: 0, 20, … (i % 10 === 0 and i % 20 === 0 → 0, 20, 40 …): 50 of them.
    expect(rules).toHaveLength(WORKS / MEMBERS / 1);
    for (const rule of rules) {
      expect(Object.keys(rule).sort()).toEqual(['location', 'tdm-reservation'].sort());
      expect(typeof rule.location).toBe('string');
      expect([0, 1]).toContain(rule['tdm-reservation']);
    }
    expect(rules).toContainEqual({ location: 'https://works.example.org/track/0', 'tdm-reservation': 1 });
    const forHost = await (await fetch(`${api.url}/.well-known/tdmrep.json?host=works.example.org`)).json();
    expect(forHost).toContainEqual({ location: '/track/20', 'tdm-reservation': 1 });
    expect((await (await fetch(`${api.url}/.well-known/tdmrep.json?host=elsewhere.example`)).json()) as any).toEqual(
      [],
    );
  });

  it('attests on behalf of a creator with a policy, served as per-work TDMRep and AI preferences, audited', async () => {
    const work = await workByIsrc(1);
    const set = await gqlOk(
      api.url,
      'mutation($i: SetReservationInput!) { setTdmReservation(input: $i) { id status attestedByUserId tdmReserved allowSearchIndexing policyUrl } }',
      {
        i: {
          workId: work.id,
          attest: true,
          allowSearchIndexing: false,
          allowGenerativeAi: false,
          allowAiTraining: true,
          policyUrl: 'https://union.example.org/tdm-policy.json',
          licensingContact: 'licensing@union.example.org',
        },
      },
      world.staffA.token,
    );
    expect(set.setTdmReservation).toMatchObject({
      status: 'ATTESTED',
      attestedByUserId: world.staffA.id,
      tdmReserved: true,
      allowSearchIndexing: false,
    });

    const tdm = await fetch(`${api.url}/registry/works/${work.id}/tdmrep.json`);
    expect((await tdm.json()) as any).toEqual({
      'tdm-reservation': 1,
      'tdm-policy': 'https://union.example.org/tdm-policy.json',
    });
    expect(tdm.headers.get('tdm-reservation')).toBe('1');
    const prefs = await fetch(`${api.url}/registry/works/${work.id}/ai-preferences`);
    expect((await prefs.json()) as any).toEqual({ 'train-ai': 'y', 'train-genai': 'n', search: 'n' });
    expect(prefs.headers.get('content-usage')).toBe('train-ai=y, train-genai=n, search=n');
    // The work-level reservation wins over the creator's pending one; the lookup shows it (cache cleared).
    expect(((await (await lookup(`isrc=${isrcOf(1)}`)).json()) as any).works[0].reservation).toMatchObject({
      'tdm-policy': 'https://union.example.org/tdm-policy.json',
      confirmedBy: 'ORGANIZATION',
      licensingContact: 'licensing@union.example.org',
    });

    // An unreserved work says so; an unknown one is 404.
    const plain = await workByIsrc(2);
    expect((await (await fetch(`${api.url}/registry/works/${plain.id}/tdmrep.json`)).json()) as any).toEqual({
      'tdm-reservation': 0,
    });
    expect((await fetch(`${api.url}/registry/works/00000000-0000-7000-8000-000000000000/tdmrep.json`)).status).toBe(
      404,
    );

    // Withdrawing unpublishes it.
    await gqlOk(
      api.url,
      'mutation($id: ID!) { withdrawTdmReservation(id: $id) { status } }',
      { id: set.setTdmReservation.id },
      world.staffA.token,
    );
    expect((await (await fetch(`${api.url}/registry/works/${work.id}/tdmrep.json`)).json()) as any).toEqual({
      'tdm-reservation': 0,
    });
    const actions = (
      await db.query(
        `SELECT action FROM audit_events WHERE entity = 'registry_reservations' AND entity_id = $1 ORDER BY occurred_at`,
        [set.setTdmReservation.id],
      )
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['create', 'update']);
  });

  it('exports every public reservation as JSON and CSV with an ETag (304 until something changes)', async () => {
    const json = await fetch(`${api.url}/registry/export.json`);
    const etag = json.headers.get('etag')!;
    expect(etag).toMatch(/^"json-/);
    const dump = (await json.json()) as any;
    expect(dump.works).toHaveLength(WORKS / MEMBERS); // member 0's 50 works
    expect((await fetch(`${api.url}/registry/export.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const csv = await fetch(`${api.url}/registry/export.csv`);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe(
      'work_id,title,kind,isrc,iswc,isbn,isni,url,registered_by,tdm_reservation,tdm_policy,train_ai,train_genai,search,licensing_contact,effective_from,confirmed_by',
    );
    expect(text.trim().split('\n')).toHaveLength(1 + WORKS / MEMBERS);

    // Member 1 confirms: the export changes, so does its ETag.
    const path = /http:\/\/chorus\.test(\/confirm\/reservation\/[\w.-]+)/.exec(
      sink.to(members[1].email)[0].parsed.text ?? '',
    )![1];
    expect((await fetch(`${api.url}${path}`, { method: 'POST' })).status).toBe(200);
    const changed = await fetch(`${api.url}/registry/export.json`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it("keeps staff of another organization away from the union's works", async () => {
    const work = await workByIsrc(3);
    const update = await gql(
      api.url,
      `mutation($id: ID!, $i: UpdateWorkInput!) { updateWork(id: $id, input: $i) { ${WORK_FIELDS} } }`,
      { id: work.id, i: { title: 'Hijacked' } },
      world.staffB.token,
    );
    expect(outcomeOf(update)).toBe('NOT_FOUND');
    expect(
      outcomeOf(await gql(api.url, 'mutation($id: ID!) { deleteWork(id: $id) }', { id: work.id }, world.staffB.token)),
    ).toBe('NOT_FOUND');
    const reserve = await gql(
      api.url,
      'mutation($i: SetReservationInput!) { setTdmReservation(input: $i) { id } }',
      { i: { workId: work.id, attest: true } },
      world.staffB.token,
    );
    expect(outcomeOf(reserve)).toBe('NOT_FOUND');
    const creatorWide = await gql(
      api.url,
      'mutation($i: SetReservationInput!) { setTdmReservation(input: $i) { id } }',
      { i: { creatorPersonId: members[2].id, attest: true } },
      world.staffB.token,
    );
    expect(outcomeOf(creatorWide)).toBe('BAD_USER_INPUT');
    expect((await gqlOk(api.url, 'query { works { totalCount } }', {}, world.staffB.token)).works.totalCount).toBe(0);
    const intoA = await importCsv(
      `title,kind,isrc\nX,OTHER,${isrcOf(3)}\n`,
      world.staffB.token,
      `?organizationId=${world.orgA.id}`,
    );
    expect(intoA.status).toBe(403);
    expect(outcomeOf(await gql(api.url, 'query { works { totalCount } }', {}, world.press.token))).toBe('FORBIDDEN');
    expect((await db.query(`SELECT title FROM registry_works WHERE id = $1`, [work.id])).rows[0].title).toBe('Song 3');

    // Their own registration works, with identifiers checked and normalized, and a clash is CONFLICT.
    const register = 'mutation($i: RegisterWorkInput!) { registerWork(input: $i) { ' + WORK_FIELDS + ' } }';
    const own = await gqlOk(
      api.url,
      register,
      { i: { title: 'A novel', kind: 'BOOK', isbn: '0-306-40615-2', url: 'HTTPS://Books.Example.org/novel' } },
      world.staffB.token,
    );
    expect(own.registerWork).toMatchObject({
      isbn: '9780306406157',
      url: 'https://books.example.org/novel',
      organizationId: world.orgB.id,
    });
    const bad = await gql(
      api.url,
      register,
      { i: { title: 'Bad', kind: 'BOOK', isbn: '978-0-306-40615-8', isrc: 'nope' } },
      world.staffB.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { isbn: 'has a wrong ISBN-13 check digit', isrc: 'must be an ISRC like CC-XXX-YY-NNNNN' },
    });
    const clash = await gql(
      api.url,
      register,
      { i: { title: 'Again', kind: 'BOOK', isbn: '9780306406157' } },
      world.staffB.token,
    );
    expect(clash.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: { isbn: 'is already registered by this organization' },
    });
  });

  it('lets a campaign signer ask to reserve all their works; published only once they confirm by email', async () => {
    const slug = `opt-out-${Date.now().toString(36)}`;
    const campaign = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        { i: { slug, title: 'Opt out of AI training', statement: 'Our works are not training data.' } },
        world.admin,
      )
    ).createCampaign;
    const request = 'mutation($i: CampaignReservationInput!) { requestTdmReservation(input: $i) }';
    const email = uniqueEmail('signer');
    const input = { slug, email, firstName: 'Sia', organizationId: world.orgB.id, consentText: 'Reserve my works.' };
    expect(outcomeOf(await gql(api.url, request, { i: input }))).toBe('NOT_FOUND'); // a draft campaign offers nothing
    await gqlOk(
      api.url,
      'mutation($id: ID!) { activateCampaign(id: $id) { status } }',
      { id: campaign.id },
      world.admin,
    );
    expect(await gql(api.url, request, { i: input })).toEqual({ data: { requestTdmReservation: true } });
    expect(await gql(api.url, request, { i: { ...input, allowAiTraining: true } })).toEqual({
      data: { requestTdmReservation: true },
    }); // changes nothing
    const mail = await waitFor(() => sink.to(email)[0], { what: 'the reservation confirmation' });
    const list = 'query { tdmReservations { status creatorPersonId allowAiTraining } }';
    expect((await gqlOk(api.url, list, {}, world.staffB.token)).tdmReservations).toEqual([
      expect.objectContaining({ status: 'PENDING', allowAiTraining: false }),
    ]);
    const path = /http:\/\/chorus\.test(\/confirm\/reservation\/[\w.-]+)/.exec(mail.parsed.text ?? '')![1];
    expect((await fetch(`${api.url}${path}`, { method: 'POST' })).status).toBe(200);
    expect((await gqlOk(api.url, list, {}, world.staffB.token)).tdmReservations).toEqual([
      expect.objectContaining({ status: 'CONFIRMED' }),
    ]);
    expect(sink.to(email)).toHaveLength(1);
  });

  it('counts works and reservations per organization on the dashboard', async () => {
    const data = await gqlOk(
      api.url,
      'query { coalitionDashboard { registry { organization { id } works reservations pendingReservations } } }',
      {},
      world.admin,
    );
    const a = data.coalitionDashboard.registry.find((s: any) => s.organization.id === world.orgA.id);
    expect(a).toEqual({
      organization: { id: world.orgA.id },
      works: WORKS,
      reservations: 2,
      pendingReservations: MEMBERS - 2,
    });
  });

  it('rate limits the public lookup per address with 429 and Retry-After', async () => {
    let response: Response | undefined;
    for (let i = lookups; i <= RATE_LIMIT; i++) response = await lookup(`isrc=${isrcOf(5)}`);
    expect(response!.status).toBe(429);
    expect(Number(response!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Without TRUST_PROXY, X-Forwarded-For does not buy a fresh bucket.
    expect(
      (await fetch(`${api.url}/registry/lookup?isrc=${isrcOf(5)}`, { headers: { 'x-forwarded-for': '203.0.113.9' } }))
        .status,
    ).toBe(429);
  });
});
