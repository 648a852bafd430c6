// Issue 13 (everyday work), lists: mailings, pressReleases, outlets, imports, signatures of a
// campaign and auditEvents — each with its filters, its scoping, keyset pagination and a bad input.
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createWorld, unique, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';
import { approvedRelease, createContacts, createList, createRelease, schedule, statusOf } from './press-fixtures';

jest.setTimeout(90000);

type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: any }[];
};

describe('crm2: lists with filters, scoping and pagination', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let w: World;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '500' });
    api = await startApi(env);
    worker = await startWorker(env);
    w = await createWorld(api.url);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  /** Reads a whole list two rows at a time and checks the pages join up: no row twice, none lost. */
  async function walk(field: string, selection: string, token: string, args = ''): Promise<any[]> {
    const nodes: any[] = [];
    let after: string | null = null;
    let total = -1;
    for (let pages = 0; pages < 100; pages++) {
      const query = `query($after: String) { ${field}(first: 2, after: $after${args ? `, ${args}` : ''}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${selection} } } } }`;
      const page: Page = (await gqlOk(api.url, query, { after }, token))[field];
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      after = page.pageInfo.endCursor;
    }
    expect(nodes.length).toBe(total);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    return nodes;
  }
  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);
  const codeOf = (result: { errors?: { extensions: { code: string } }[] }) =>
    result.errors?.[0]?.extensions.code ?? 'OK';

  const MAILING = 'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }';
  const mailing = async (token: string, audience: Record<string, unknown>) =>
    (
      await gqlOk(
        api.url,
        MAILING,
        {
          i: {
            name: unique('Mailing'),
            subject: 'Hello {{firstName}}',
            bodyTemplate: 'Sign: {{unsubscribeUrl}}',
            audience,
          },
        },
        token,
      )
    ).createMailing.id as string;

  it('mailings: by status and organization; staff see their organization’s, press officers press-only ones', async () => {
    const [contact] = await createContacts(api.url, w.press.token, 1);
    const list = await createList(api.url, w.press.token, [contact.id]);
    const a1 = await mailing(w.staffA.token, { organizationIds: [w.orgA.id] });
    const a2 = await mailing(w.staffA.token, { tags: ['volunteer'] });
    const a3 = await mailing(w.staffA.token, { organizationIds: [w.orgA.id] });
    const b1 = await mailing(w.staffB.token, { organizationIds: [w.orgB.id] });
    const press = await mailing(w.press.token, { pressListIds: [list] });
    const coalition = await mailing(w.admin, { organizationIds: [w.orgA.id, w.orgB.id] });
    await gqlOk(api.url, 'mutation($id: ID!) { cancelMailing(id: $id) { id } }', { id: a3 }, w.staffA.token);

    const ofA = await walk('mailings', 'id name status', w.staffA.token);
    expect(ids(ofA)).toEqual([a1, a2, a3]);
    expect(ids(await walk('mailings', 'id', w.staffA.token, 'status: DRAFT'))).toEqual([a1, a2]);
    expect(ids(await walk('mailings', 'id', w.staffA.token, 'status: CANCELLED'))).toEqual([a3]);
    expect(ids(await walk('mailings', 'id', w.press.token))).toEqual([press]);
    const all = ids(await walk('mailings', 'id', w.admin));
    expect(all).toEqual(expect.arrayContaining([a1, a2, a3, b1, press, coalition]));
    expect(ids(await walk('mailings', 'id', w.admin, `organizationId: "${w.orgB.id}"`))).toEqual([b1]);

    // Another organization's mailings are out of scope; bad filters name the field.
    expect(
      codeOf(await gql(api.url, `{ mailings(organizationId: "${w.orgB.id}") { totalCount } }`, {}, w.staffA.token)),
    ).toBe('FORBIDDEN');
    const bad = await gql(api.url, '{ mailings(organizationId: "nope") { totalCount } }', {}, w.admin);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { organizationId: 'must be an organization id' },
    });
    const badCursor = await gql(api.url, '{ mailings(after: "not-a-cursor") { totalCount } }', {}, w.admin);
    expect(badCursor.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { after: expect.any(String) },
    });
    expect(codeOf(await gql(api.url, '{ mailings { totalCount } }'))).toBe('UNAUTHENTICATED');
  });

  it('pressReleases: by status, campaign and embargo range; union staff see only published ones', async () => {
    const { createCampaign } = await gqlOk(
      api.url,
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
      { i: { slug: `letter-${Date.now()}`, title: 'Letter', statement: 'We demand consent.' } },
      w.admin,
    );
    const draft = (await createRelease(api.url, w.press.token, { campaignId: createCampaign.id })).id;
    const other = (await createRelease(api.url, w.press.token)).id;
    const soon = await approvedRelease(api.url, w.press.token, w.admin, { campaignId: createCampaign.id });
    const later = await approvedRelease(api.url, w.press.token, w.admin);
    const published = await approvedRelease(api.url, w.press.token, w.admin);
    const cancelled = (await createRelease(api.url, w.press.token)).id;
    await gqlOk(api.url, 'mutation($id: ID!) { cancelPressRelease(id: $id) { id } }', { id: cancelled }, w.press.token);
    const inTenDays = new Date(Date.now() + 10 * 86400_000);
    const inTwentyDays = new Date(Date.now() + 20 * 86400_000);
    await schedule(api.url, w.press.token, soon, inTenDays);
    await schedule(api.url, w.press.token, later, inTwentyDays);
    await schedule(api.url, w.press.token, published, new Date(Date.now() + 1500));
    await waitFor(async () => (await statusOf(api.url, w.press.token, published)).status === 'PUBLISHED', {
      timeoutMs: 15000,
      what: 'the release to be published',
    });

    const mine = [draft, other, soon, later, published, cancelled];
    const everything = ids(await walk('pressReleases', 'id status', w.press.token));
    expect(everything.filter((id) => mine.includes(id))).toEqual(mine);
    expect(ids(await walk('pressReleases', 'id', w.press.token, 'status: SCHEDULED'))).toEqual([soon, later]);
    expect(ids(await walk('pressReleases', 'id', w.press.token, `campaignId: "${createCampaign.id}"`))).toEqual([
      draft,
      soon,
    ]);
    const window = `embargoFrom: "${new Date(inTenDays.getTime() - 3600_000).toISOString()}", embargoTo: "${new Date(inTenDays.getTime() + 3600_000).toISOString()}"`;
    expect(ids(await walk('pressReleases', 'id embargoUntil', w.press.token, window))).toEqual([soon]);

    // Union staff: what they may read, i.e. published releases only.
    const staffSees = await walk('pressReleases', 'id status', w.staffA.token);
    expect(ids(staffSees)).toContain(published);
    expect(staffSees.every((r) => r.status === 'PUBLISHED')).toBe(true);
    expect(ids(await walk('pressReleases', 'id', w.staffA.token, 'status: DRAFT'))).toEqual([]);

    const reversed = await gql(
      api.url,
      `{ pressReleases(embargoFrom: "${inTwentyDays.toISOString()}", embargoTo: "${inTenDays.toISOString()}") { totalCount } }`,
      {},
      w.press.token,
    );
    expect(reversed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { embargoTo: 'must be after embargoFrom' },
    });
    const noOffset = await gql(
      api.url,
      '{ pressReleases(embargoFrom: "2030-01-01T09:00:00") { totalCount } }',
      {},
      w.press.token,
    );
    expect(noOffset.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('outlets: by name, with a name search; press desk only', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const names = [`Zeta Post ${tag}`, `alpha Times ${tag}`, `Mid Herald ${tag}`];
    for (const outletName of names) await createContacts(api.url, w.press.token, 1, { outletName });
    const found = await walk('outlets', 'id name', w.press.token, `search: "${tag}"`);
    expect(found.map((o) => o.name)).toEqual([`alpha Times ${tag}`, `Mid Herald ${tag}`, `Zeta Post ${tag}`]);
    expect((await walk('outlets', 'id name', w.admin, `search: "times ${tag}"`)).map((o) => o.name)).toEqual([
      `alpha Times ${tag}`,
    ]);
    expect(codeOf(await gql(api.url, '{ outlets { totalCount } }', {}, w.staffA.token))).toBe('FORBIDDEN');
    const bad = await gql(api.url, '{ outlets(first: 0) { totalCount } }', {}, w.press.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { first: expect.any(String) } });
  });

  it('imports: staff see their organization’s, filter by status and by uploader', async () => {
    const upload = async (token: string) => {
      const csv = `email,first_name\n${uniqueEmail('imp')},Ada\n${uniqueEmail('imp')},Bo\n`;
      const response = await fetch(`${api.url}/imports/people?lawfulBasis=CONSENT`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
        body: csv,
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { id: string }).id;
    };
    const a1 = await upload(w.staffA.token);
    const a2 = await upload(w.staffA.token);
    const b1 = await upload(w.staffB.token);
    const byAdmin = await upload(w.admin);
    for (const id of [a1, a2, b1, byAdmin]) {
      await waitFor(
        async () => (await gqlOk(api.url, `{ import(id: "${id}") { status } }`, {}, w.admin)).import.status === 'DONE',
        { what: `import ${id}` },
      );
    }
    const ofA = await walk('imports', 'id status created totalRows createdAt', w.staffA.token);
    expect(ids(ofA)).toEqual([a1, a2]);
    expect(ofA[0]).toMatchObject({ status: 'DONE', created: 2, totalRows: 2 });
    expect(ids(await walk('imports', 'id', w.staffA.token, 'status: "DONE"'))).toEqual([a1, a2]);
    expect(ids(await walk('imports', 'id', w.staffA.token, 'status: "FAILED"'))).toEqual([]);
    const admins = ids(await walk('imports', 'id', w.admin));
    expect(admins).toEqual(expect.arrayContaining([a1, a2, b1, byAdmin]));
    expect(ids(await walk('imports', 'id', w.admin, 'mine: true'))).toEqual([byAdmin]);
    // The import's audit events (the worker's too) are the organization's.
    const trail = await walk('auditEvents', 'id action', w.staffA.token, `entity: "import_jobs", entityId: "${a1}"`);
    expect(trail.map((e) => e.action)).toEqual(['import.uploaded', 'import.completed']);
    expect(codeOf(await gql(api.url, '{ imports { totalCount } }', {}, w.press.token))).toBe('FORBIDDEN');
    const bad = await gql(api.url, '{ imports(status: "FINISHED") { totalCount } }', {}, w.admin);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { status: expect.stringContaining('must be one of') },
    });
  });

  it('signatures of a campaign: by verification and recruiter; staff only their organization’s recruits', async () => {
    const { createCampaign } = await gqlOk(
      api.url,
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
      { i: { slug: `sig-${Date.now()}`, title: 'Sign', statement: 'Consent first.' } },
      w.admin,
    );
    const campaignId = createCampaign.id;
    await gqlOk(api.url, 'mutation($id: ID!) { activateCampaign(id: $id) { id } }', { id: campaignId }, w.admin);
    const person = async (org: string) => {
      const id = (
        await gqlOk(
          api.url,
          'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
          { i: { email: uniqueEmail('signer'), firstName: 'Sig' } },
          w.admin,
        )
      ).createPerson.id;
      await gqlOk(
        api.url,
        'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id } }',
        { i: { personId: id, organizationId: org, role: 'MEMBER' } },
        w.admin,
      );
      return id;
    };
    const sign = async (personId: string, org: string) =>
      (
        await gqlOk(
          api.url,
          'mutation($i: RecordSignatureInput!) { recordSignature(input: $i) { id } }',
          { i: { campaignId, personId, recruitedByOrganizationId: org, publicDisplay: true } },
          w.admin,
        )
      ).recordSignature.id as string;
    const a1 = await sign(await person(w.orgA.id), w.orgA.id);
    const a2 = await sign(await person(w.orgA.id), w.orgA.id);
    const a3 = await sign(await person(w.orgA.id), w.orgA.id);
    const b1 = await sign(await person(w.orgB.id), w.orgB.id);
    await gqlOk(api.url, 'mutation($id: ID!) { verifySignature(id: $id) { id } }', { id: a2 }, w.staffA.token);

    const c = `campaignId: "${campaignId}"`;
    expect(ids(await walk('signatures', 'id', w.admin, c))).toEqual([a1, a2, a3, b1]);
    expect(ids(await walk('signatures', 'id', w.admin, `${c}, recruitedByOrganizationId: "${w.orgB.id}"`))).toEqual([
      b1,
    ]);
    expect(ids(await walk('signatures', 'id', w.staffA.token, c))).toEqual([a1, a2, a3]);
    expect(ids(await walk('signatures', 'id verification', w.staffA.token, `${c}, verification: VERIFIED`))).toEqual([
      a2,
    ]);
    expect(
      ids(
        await walk(
          'signatures',
          'id',
          w.staffA.token,
          `${c}, verification: UNVERIFIED, recruitedByOrganizationId: "${w.orgA.id}"`,
        ),
      ),
    ).toEqual([a1, a3]);
    expect(
      codeOf(
        await gql(
          api.url,
          `{ signatures(${c}, recruitedByOrganizationId: "${w.orgB.id}") { totalCount } }`,
          {},
          w.staffA.token,
        ),
      ),
    ).toBe('FORBIDDEN');
    const bad = await gql(api.url, '{ signatures(recruitedByOrganizationId: "org-b") { totalCount } }', {}, w.admin);
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { recruitedByOrganizationId: 'must be an organization id' },
    });
  });

  it('auditEvents: admins filter by actor, entity and time range; staff read their organization’s; press officers none', async () => {
    const start = new Date(Date.now() - 1000);
    const byStaff = (
      await gqlOk(
        api.url,
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email: uniqueEmail('audited'), firstName: 'Audrey' } },
        w.staffA.token,
      )
    ).createPerson.id;
    await gqlOk(
      api.url,
      'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id } }',
      { id: byStaff, i: { firstName: 'Audra' } },
      w.staffA.token,
    );
    const byAdmin = (
      await gqlOk(
        api.url,
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email: uniqueEmail('audited'), firstName: 'Adam' } },
        w.admin,
      )
    ).createPerson.id;
    const byOtherUnion = (
      await gqlOk(
        api.url,
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email: uniqueEmail('audited'), firstName: 'Bea' } },
        w.staffB.token,
      )
    ).createPerson.id;

    const sel = 'id occurredAt actorUserId entity entityId action changes';
    const ofPerson = await walk('auditEvents', sel, w.admin, `entity: "people", entityId: "${byStaff}"`);
    // creating a subscribed person also records the staff's consent entry (issue 13's consent log)
    expect(ofPerson.map((e) => e.action)).toEqual(['create', 'consent', 'update']);
    const update = ofPerson[2];
    expect(update.actorUserId).toBe(w.staffA.id);
    const withActor = await gqlOk(
      api.url,
      `{ auditEvents(entityId: "${byStaff}") { edges { node { actor { id role } } } } }`,
      {},
      w.admin,
    );
    expect(withActor.auditEvents.edges[0].node.actor).toEqual({ id: w.staffA.id, role: 'ORG_STAFF' });
    expect(JSON.parse(update.changes)).toMatchObject({
      before: { firstName: 'Audrey' },
      after: { firstName: 'Audra' },
    });

    const staffActs = await walk(
      'auditEvents',
      sel,
      w.admin,
      `actorId: "${w.staffA.id}", from: "${start.toISOString()}"`,
    );
    expect(staffActs.every((e) => e.actorUserId === w.staffA.id)).toBe(true);
    expect(staffActs.map((e) => e.entityId)).toEqual(expect.arrayContaining([byStaff]));
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(await walk('auditEvents', 'id', w.admin, `from: "${future}"`)).toEqual([]);
    const upToStart = await walk(
      'auditEvents',
      'id entityId occurredAt',
      w.admin,
      `to: "${start.toISOString()}", entity: "people"`,
    );
    expect(upToStart.map((e) => e.entityId)).not.toContain(byStaff);

    // Staff: their organization's users' changes only.
    const staffView = await walk(
      'auditEvents',
      'id entityId actorUserId',
      w.staffA.token,
      `entity: "people", from: "${start.toISOString()}"`,
    );
    expect(staffView.map((e) => e.entityId)).toContain(byStaff);
    expect(staffView.map((e) => e.entityId)).not.toContain(byAdmin);
    expect(staffView.map((e) => e.entityId)).not.toContain(byOtherUnion);
    expect(await walk('auditEvents', 'id', w.staffA.token, `entityId: "${byOtherUnion}"`)).toEqual([]);
    expect(codeOf(await gql(api.url, '{ auditEvents { totalCount } }', {}, w.press.token))).toBe('FORBIDDEN');

    const reversed = await gql(
      api.url,
      `{ auditEvents(from: "${future}", to: "${start.toISOString()}") { totalCount } }`,
      {},
      w.admin,
    );
    expect(reversed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { to: 'must be after from' },
    });
    const badActor = await gql(api.url, '{ auditEvents(actorId: "someone") { totalCount } }', {}, w.admin);
    expect(badActor.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { actorId: 'must be a user id' },
    });
  });
});
