// Flow 2 of product.md: public sign-up → confirmation email on a loopback SMTP server → the link
// is followed → staff of the recruiting union verify → the public list and the commitment move.
import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { database } from '../support/db';
import { createWorld, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

const SIGN = 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }';
const PUBLIC_LIST =
  'query($slug: String!, $first: Int, $after: String) { publicSignatories(slug: $slug, first: $first, after: $after) { totalCount nodes { name displayTitle } pageInfo { hasNextPage endCursor } } }';
const SIGNATURES_OF =
  'query($f: PersonFilter) { people(filter: $f) { edges { node { email firstName signatures { id verification campaign { slug } recruitedBy { id } } } } } }';
const COMMITMENTS =
  'query($o: ID, $c: ID) { commitments(organizationId: $o, campaignId: $c) { id kind target status progress atRisk organization { id } campaign { id } } }';
const RATE_LIMIT = 12;

describe('crm: public sign-up, confirmation, verification, public list, commitments', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let db: Client;
  let campaign: { id: string; slug: string };
  /** Sign-ups the rate limiter counted (accepted ones). */
  let signUps = 0;

  const sign = async (input: Record<string, unknown>) => {
    const result = await gql(api.url, SIGN, {
      i: {
        slug: campaign.slug,
        firstName: 'Sam',
        publicDisplay: true,
        consentText: 'I agree to be contacted about this campaign.',
        ...input,
      },
    });
    if (result.data?.signCampaign) signUps += 1;
    return result;
  };
  /** Waits for the confirmation email to `email` and returns the path of its link. */
  const confirmationPath = async (email: string) => {
    const mail = await waitFor(() => sink.to(email)[0], { what: `the confirmation email to ${email}` });
    const link = /http:\/\/chorus\.test(\/confirm\/[\w.-]+)/.exec(mail.parsed.text ?? '');
    expect(link).not.toBeNull();
    return link![1];
  };
  const signatureOf = async (email: string, token = world.staffA.token) => {
    const data = await gqlOk(api.url, SIGNATURES_OF, { f: { search: email } }, token);
    return data.people.edges[0]?.node.signatures.find((s: any) => s.campaign.slug === campaign.slug);
  };
  const signAndConfirm = async (email: string, input: Record<string, unknown>) => {
    expect((await sign({ email, recruitedByOrganizationId: world.orgA.id, ...input })).data).toEqual({
      signCampaign: true,
    });
    const response = await fetch(`${api.url}${await confirmationPath(email)}`, { method: 'POST' });
    expect(response.status).toBe(200);
    return signatureOf(email);
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PUBLIC_URL: 'http://chorus.test', SIGN_RATE_LIMIT: String(RATE_LIMIT) });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
    db = await database();
    const slug = `stealing-isnt-innovation-${Date.now().toString(36)}`;
    campaign = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id slug status } }',
        { i: { slug, title: 'Stealing Isn’t Innovation', statement: 'We demand licensing.', signatureGoal: 800 } },
        world.admin,
      )
    ).createCampaign;
    await gqlOk(
      api.url,
      'mutation($id: ID!) { activateCampaign(id: $id) { status } }',
      { id: campaign.id },
      world.admin,
    );
  });
  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  it('walks flow 2: sign, confirm by link, verify, listed publicly, commitment +1 and MET at its target', async () => {
    const create = 'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id status progress atRisk } }';
    const due = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    const big = (
      await gqlOk(
        api.url,
        create,
        {
          i: {
            organizationId: world.orgA.id,
            campaignId: campaign.id,
            kind: 'RECRUIT_SIGNATORIES',
            description: 'Recruit 200 signatories',
            target: 200,
            dueAt: due,
          },
        },
        world.staffA.token,
      )
    ).createCommitment;
    const small = (
      await gqlOk(
        api.url,
        create,
        {
          i: {
            organizationId: world.orgA.id,
            campaignId: campaign.id,
            kind: 'RECRUIT_SIGNATORIES',
            description: 'Recruit our board',
            target: 1,
            dueAt: due,
          },
        },
        world.staffA.token,
      )
    ).createCommitment;
    expect(big).toMatchObject({ status: 'PLEDGED', progress: 0, atRisk: true });

    const email = uniqueEmail('artist');
    expect(
      await sign({
        email,
        firstName: 'Ava',
        lastName: 'Artist',
        displayTitle: 'Actor',
        recruitedByOrganizationId: world.orgA.id,
      }),
    ).toEqual({ data: { signCampaign: true } });
    const path = await confirmationPath(email);
    const mail = sink.to(email)[0];
    expect(mail.parsed.subject).toContain('Stealing Isn’t Innovation');

    // A prefetching scanner (GET) confirms nothing; unconfirmed signatures cannot be verified.
    const shown = await fetch(`${api.url}${path}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toMatch(/<form method="post"[^>]*>.*<button/s);
    // Unconfirmed, the sign-up does not bring the signer into the recruiter's people yet.
    expect(await signatureOf(email)).toBeUndefined();
    // The recruiting union's verification queue lists it (the person as a stand-in until the
    // signer confirms: anyone can sign with someone's email); another union's does not.
    const QUEUE =
      'query($c: ID) { signatures(campaignId: $c, verification: UNVERIFIED) { totalCount edges { node { id channel confirmedAt person { email redacted } } } } }';
    const queueA = (await gqlOk(api.url, QUEUE, { c: campaign.id }, world.staffA.token)).signatures;
    expect(queueA.edges.map((e: any) => e.node)).toEqual([
      { id: expect.any(String), channel: 'PUBLIC', confirmedAt: null, person: { email: '', redacted: true } },
    ]);
    const pending = queueA.edges[0].node;
    expect((await gqlOk(api.url, QUEUE, { c: campaign.id }, world.staffB.token)).signatures.totalCount).toBe(0);
    const early = await gql(
      api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { id } }',
      { id: pending.id },
      world.staffA.token,
    );
    expect(early.errors?.[0].extensions.code).toBe('CONFLICT');
    expect((await fetch(`${api.url}${path.slice(0, -3)}abc`, { method: 'POST' })).status).toBe(404);

    expect((await fetch(`${api.url}${path}`, { method: 'POST' })).status).toBe(200);
    expect(await signatureOf(email)).toMatchObject({
      id: pending.id,
      verification: 'UNVERIFIED',
      recruitedBy: { id: world.orgA.id },
    });

    // Staff of another union cannot see or verify it; the recruiting union's staff can.
    const foreign = await gql(
      api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { id } }',
      { id: pending.id },
      world.staffB.token,
    );
    expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const verified = await gqlOk(
      api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { verification person { firstName } } }',
      { id: pending.id },
      world.staffA.token,
    );
    expect(verified.verifySignature).toEqual({ verification: 'VERIFIED', person: { firstName: 'Ava' } });

    const audit = await db.query(
      `SELECT actor_user_id, changes FROM audit_events WHERE entity = 'signatures' AND entity_id = $1 AND action = 'update' ORDER BY occurred_at`,
      [pending.id],
    );
    const stored = await db.query(`SELECT id, status FROM commitments WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      [big.id, small.id].sort(),
    ]);
    expect(Object.fromEntries(stored.rows.map((r) => [r.id, r.status]))).toEqual({
      [big.id]: 'IN_PROGRESS',
      [small.id]: 'MET',
    });
    expect(audit.rows.at(-1)).toMatchObject({
      actor_user_id: world.staffA.id,
      changes: { before: { verification: 'UNVERIFIED' }, after: { verification: 'VERIFIED' } },
    });

    const list = (await gqlOk(api.url, PUBLIC_LIST, { slug: campaign.slug })).publicSignatories;
    expect(list.nodes).toEqual([{ name: 'Ava Artist', displayTitle: 'Actor' }]);
    expect(JSON.stringify(list)).not.toContain(email);

    const after = (await gqlOk(api.url, COMMITMENTS, { o: world.orgA.id, c: campaign.id }, world.press.token))
      .commitments;
    expect(after.find((c: any) => c.id === big.id)).toMatchObject({ progress: 1, status: 'IN_PROGRESS' });
    expect(after.find((c: any) => c.id === small.id)).toMatchObject({ progress: 1, status: 'MET', atRisk: false });

    const dashboard = (
      await gqlOk(
        api.url,
        '{ coalitionDashboard { commitments { organization { id } met atRisk total } campaigns { slug signatureCount verifiedSignatureCount signaturesPerDay(days: 7) { day count } } } }',
        {},
        world.admin,
      )
    ).coalitionDashboard;
    expect(dashboard.commitments.find((c: any) => c.organization.id === world.orgA.id)).toEqual({
      organization: { id: world.orgA.id },
      met: 1,
      atRisk: 1,
      total: 2,
    });
    expect(dashboard.campaigns.find((c: any) => c.slug === campaign.slug)).toEqual({
      slug: campaign.slug,
      signatureCount: 1,
      verifiedSignatureCount: 1,
      signaturesPerDay: [{ day: new Date().toISOString().slice(0, 10), count: 1 }],
    });
  });

  it('never lists rejected or non-public signatures', async () => {
    const hidden = await signAndConfirm(uniqueEmail('hidden'), {
      firstName: 'Hidden',
      lastName: 'Signer',
      publicDisplay: false,
    });
    await gqlOk(
      api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { id } }',
      { id: hidden.id },
      world.staffA.token,
    );
    const rejected = await signAndConfirm(uniqueEmail('rejected'), { firstName: 'Rejected', lastName: 'Signer' });
    await gqlOk(
      api.url,
      'mutation($id: ID!) { verifySignature(id: $id) { id } }',
      { id: rejected.id },
      world.staffA.token,
    );
    await gqlOk(
      api.url,
      'mutation($id: ID!) { rejectSignature(id: $id) { verification } }',
      { id: rejected.id },
      world.staffA.token,
    );

    const list = (await gqlOk(api.url, PUBLIC_LIST, { slug: campaign.slug, first: 1 })).publicSignatories;
    expect(list.totalCount).toBe(1);
    const names = list.nodes.map((n: any) => n.name);
    expect(names).not.toContain('Hidden Signer');
    expect(names).not.toContain('Rejected Signer');
    expect(list.pageInfo.hasNextPage).toBe(false);
    const again = await gql(
      api.url,
      'mutation($id: ID!) { rejectSignature(id: $id) { id } }',
      { id: rejected.id },
      world.staffA.token,
    );
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('answers the same for an existing email and leaves that person’s data alone', async () => {
    const email = uniqueEmail('known');
    await gqlOk(
      api.url,
      'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
      { i: { email, firstName: 'Known', lastName: 'Member' } },
      world.staffA.token,
    );
    const fresh = await sign({ email: uniqueEmail('fresh') });
    const known = await sign({ email: email.toUpperCase(), firstName: 'Impostor' });
    expect(known).toEqual(fresh);
    await confirmationPath(email);
    const person = (await gqlOk(api.url, SIGNATURES_OF, { f: { search: email } }, world.staffA.token)).people.edges[0]
      .node;
    expect(person.firstName).toBe('Known');
    expect(person.signatures).toHaveLength(1);
  });

  it('a sign-up naming another union as recruiter gives that union no access to the person, confirmed or not', async () => {
    const email = uniqueEmail('victim');
    const PERSON = 'query($id: ID!) { person(id: $id) { id } }';
    const COUNT = 'query($f: PersonFilter) { people(filter: $f) { totalCount edges { node { id } } } }';
    const victim = (
      await gqlOk(
        api.url,
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email, firstName: 'Member', lastName: 'OfA' } },
        world.staffA.token,
      )
    ).createPerson;
    const staffBTotal = async () => (await gqlOk(api.url, COUNT, {}, world.staffB.token)).people.totalCount;
    const signatories = async () =>
      (await gqlOk(api.url, COUNT, { f: { campaignId: campaign.id } }, world.admin)).people.edges.map(
        (e: any) => e.node.id,
      );
    const before = await staffBTotal();

    expect((await sign({ email, recruitedByOrganizationId: world.orgB.id })).data).toEqual({ signCampaign: true });
    expect((await gql(api.url, PERSON, { id: victim.id }, world.staffB.token)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const update = await gql(
      api.url,
      'mutation($id: ID!) { updatePerson(id: $id, input: { firstName: "Hijacked" }) { id } }',
      { id: victim.id },
      world.staffB.token,
    );
    expect(update.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(await staffBTotal()).toBe(before);
    expect(await signatories()).not.toContain(victim.id);

    // Once the owner of the address confirms, the signature counts like any other, but the
    // person stays another union's member: the named recruiter still cannot read them (issue 11).
    expect((await fetch(`${api.url}${await confirmationPath(email)}`, { method: 'POST' })).status).toBe(200);
    expect((await gql(api.url, PERSON, { id: victim.id }, world.staffB.token)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    expect(await staffBTotal()).toBe(before);
    expect(await signatories()).toContain(victim.id);
  });

  it.each([
    ['malformed email', { email: 'nope' }, 'email'],
    ['empty name', { email: 'x@example.test', firstName: '' }, 'firstName'],
    ['10,000-character name', { email: 'x@example.test', firstName: 'n'.repeat(10000) }, 'firstName'],
    ['missing consent', { email: 'x@example.test', consentText: '' }, 'consentText'],
  ])('signCampaign rejects %s naming the field', async (_what, input, field) => {
    const result = await sign(input);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions.fields ?? {})).toContain(field);
  });

  it.each([
    [
      'slug with spaces',
      'createCampaign',
      'CreateCampaignInput',
      (m: string) => ({ slug: 'has spaces in it', title: m, statement: 'S' }),
      'slug',
    ],
    [
      'negative signature goal',
      'createCampaign',
      'CreateCampaignInput',
      (m: string) => ({ slug: 'negative-goal', title: m, statement: 'S', signatureGoal: -5 }),
      'signatureGoal',
    ],
    [
      '10,000-character title',
      'createCampaign',
      'CreateCampaignInput',
      (m: string) => ({ slug: 'long-title', title: m + 't'.repeat(10000), statement: 'S' }),
      'title',
    ],
    [
      'negative target',
      'createCommitment',
      'CreateCommitmentInput',
      (m: string) => ({ organizationId: world.orgA.id, kind: 'FUNDING', description: m, target: -1 }),
      'target',
    ],
    [
      'unknown kind',
      'createCommitment',
      'CreateCommitmentInput',
      (m: string) => ({ organizationId: world.orgA.id, kind: 'BRIBE', description: m }),
      'kind',
    ],
    [
      'empty description',
      'createCommitment',
      'CreateCommitmentInput',
      () => ({ organizationId: world.orgA.id, kind: 'FUNDING', description: '' }),
      'description',
    ],
  ])('%s is BAD_USER_INPUT naming the field and changes nothing', async (_what, mutation, type, input, field) => {
    const marker = `bad-input-${Math.random().toString(36).slice(2)}`;
    const commitmentsBefore = (await gqlOk(api.url, COMMITMENTS, { o: world.orgA.id }, world.admin)).commitments;
    const result = await gql(
      api.url,
      `mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`,
      { i: input(marker) },
      world.admin,
    );
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(result.errors?.[0].extensions.fields ?? {})).toContain(field);
    const stored = await db.query(
      `SELECT (SELECT count(*) FROM campaigns WHERE title LIKE $1 || '%') + (SELECT count(*) FROM commitments WHERE description = $1) AS n`,
      [marker],
    );
    expect(Number(stored.rows[0].n)).toBe(0);
    expect((await gqlOk(api.url, COMMITMENTS, { o: world.orgA.id }, world.admin)).commitments).toEqual(
      commitmentsBefore,
    );
  });

  it('logs manual progress of other commitments and moves them to MET at the target', async () => {
    const created = (
      await gqlOk(
        api.url,
        'mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }',
        { i: { organizationId: world.orgA.id, kind: 'AMPLIFY', description: 'Post 3 times', target: 3 } },
        world.staffA.token,
      )
    ).createCommitment;
    const update =
      'mutation($id: ID!, $p: Int!) { updateCommitmentProgress(id: $id, progress: $p, note: "posted") { status progress progressUpdates { progress note } } }';
    expect(
      (await gqlOk(api.url, update, { id: created.id, p: 1 }, world.staffA.token)).updateCommitmentProgress,
    ).toMatchObject({ status: 'IN_PROGRESS', progress: 1 });
    const met = (await gqlOk(api.url, update, { id: created.id, p: 3 }, world.staffA.token)).updateCommitmentProgress;
    expect(met).toEqual({
      status: 'MET',
      progress: 3,
      progressUpdates: [
        { progress: 1, note: 'posted' },
        { progress: 3, note: 'posted' },
      ],
    });
    expect((await gql(api.url, update, { id: created.id, p: 4 }, world.staffB.token)).errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('one signature verified four times at once is verified once: the other three are CONFLICT', async () => {
    const signature = await signAndConfirm(uniqueEmail('race'), {});
    const updates = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM audit_events WHERE entity = 'signatures' AND entity_id = $1 AND action = 'update'`,
          [signature.id],
        )
      ).rows[0].n as number;
    const before = await updates();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        gql(
          api.url,
          'mutation($id: ID!) { verifySignature(id: $id) { verification } }',
          { id: signature.id },
          world.staffA.token,
        ),
      ),
    );
    expect(results.filter((r) => r.data?.verifySignature?.verification === 'VERIFIED')).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(3);
    expect(await updates()).toBe(before + 1); // one change, one audit event
  });

  it('a public sign-up counts in the campaign numbers once confirmed, not before', async () => {
    const count = async () =>
      (
        await gqlOk(
          api.url,
          'query($id: ID!) { campaign(id: $id) { signatureCount signaturesPerDay(days: 1) { count } } }',
          { id: campaign.id },
          world.admin,
        )
      ).campaign;
    const before = await count();
    const email = uniqueEmail('unconfirmed');
    expect((await sign({ email })).data).toEqual({ signCampaign: true });
    expect(await count()).toEqual(before); // anyone can sign with made-up addresses: not counted yet
    expect((await fetch(`${api.url}${await confirmationPath(email)}`, { method: 'POST' })).status).toBe(200);
    const after = await count();
    expect(after.signatureCount).toBe(before.signatureCount + 1);
  });

  it('signCampaign on a closed campaign is CONFLICT naming the slug; on a draft, NOT_FOUND', async () => {
    const create = async (slug: string) =>
      (
        await gqlOk(
          api.url,
          'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
          { i: { slug, title: 'Other letter', statement: 'S' } },
          world.admin,
        )
      ).createCampaign.id as string;
    const transition = (name: string, id: string) =>
      gqlOk(api.url, `mutation($id: ID!) { ${name}(id: $id) { status } }`, { id }, world.admin);
    const attempt = async (slug: string) => {
      const result = await gql(api.url, SIGN, {
        i: { slug, email: uniqueEmail('late'), firstName: 'Sam', publicDisplay: true, consentText: 'I agree.' },
      });
      signUps += 1; // the rate limiter counts every attempt that passed validation
      return result.errors?.[0];
    };
    const closedSlug = `closed-letter-${Date.now().toString(36)}`;
    const closed = await create(closedSlug);
    await transition('activateCampaign', closed);
    await transition('closeCampaign', closed);
    expect(await attempt(closedSlug)).toMatchObject({
      message: `Campaign ${closedSlug} is closed and no longer takes signatures`,
      extensions: { code: 'CONFLICT', fields: { slug: 'is a closed campaign' } },
    });
    const draftSlug = `draft-letter-${Date.now().toString(36)}`;
    await create(draftSlug);
    expect((await attempt(draftSlug))?.extensions.code).toBe('NOT_FOUND');
  });

  it('rate-limits public sign-ups per client address', async () => {
    let last;
    while (signUps < RATE_LIMIT) last = await sign({ email: uniqueEmail('burst') });
    expect(last?.data).toEqual({ signCampaign: true });
    const limited = await sign({ email: uniqueEmail('burst') });
    expect(limited.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0].message).toMatch(/Too many sign-ups/);
  });
});
