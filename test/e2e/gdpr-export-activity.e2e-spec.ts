// Issue 13: exportPerson (everything Chorus holds about a person, audited) and Person.activity
// (signatures, mailings received, tasks, consent events; newest first, paginated).
import { gql, gqlOk } from '../support/gql';
import {
  addMembership,
  code,
  createActiveCampaign,
  createPerson,
  GdprStack,
  recordSignature,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const EXPORT = 'query($id: ID!) { exportPerson(id: $id) }';
const ACTIVITY =
  'query($id: ID!, $first: Int, $after: String) { person(id: $id) { activity(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { kind id occurredAt title detail } } } } }';

describe('gdpr: export and activity', () => {
  let stack: GdprStack;
  let person: Awaited<ReturnType<typeof createPerson>>;
  let campaign: { id: string; slug: string };
  let mailingA: string;
  let mailingB: string;

  beforeAll(async () => {
    stack = await startGdprStack();
    const { world, api, db } = stack;
    campaign = await createActiveCampaign(stack);
    person = await createPerson(stack, world.staffA.token, {
      consentText: 'Agreed at the rally.',
      phone: '+1 555 0199',
    });
    await recordSignature(stack, campaign.id, person.id, world.orgA.id);
    await gqlOk(
      api.url,
      'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id } }',
      { i: { kind: 'CALL', title: 'Thank them', personId: person.id } },
      world.staffA.token,
    );
    await gqlOk(
      api.url,
      'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id } }',
      { id: person.id, i: { emailStatus: 'UNSUBSCRIBED' } },
      world.staffA.token,
    );
    const mailing = async (token: string, organizationId: string) =>
      (
        await gqlOk(
          api.url,
          'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
          {
            i: {
              name: `News of ${organizationId}`,
              subject: 'News',
              bodyTemplate: 'Hi',
              audience: { organizationIds: [organizationId] },
            },
          },
          token,
        )
      ).createMailing.id;
    [mailingA, mailingB] = [
      await mailing(world.staffA.token, world.orgA.id),
      await mailing(world.admin, world.orgB.id),
    ];
    await db.query(
      `INSERT INTO mailing_deliveries (mailing_id, person_id, status, sent_at) VALUES ($1, $3, 'SENT', now() - interval '1 day'), ($2, $3, 'SENT', now() - interval '2 days')`,
      [mailingA, mailingB, person.id],
    );
  });
  afterAll(() => stopGdprStack(stack));

  it('exportPerson returns every part as JSON and is audited', async () => {
    const document = JSON.parse(
      (await gqlOk(stack.api.url, EXPORT, { id: person.id }, stack.world.staffA.token)).exportPerson,
    );
    expect(document.person).toMatchObject({
      id: person.id,
      email: person.email,
      first_name: person.firstName,
      phone: '+1 555 0199',
      email_status: 'UNSUBSCRIBED',
    });
    expect(document.memberships).toEqual([
      expect.objectContaining({ organization: stack.world.orgA.name, role: 'MEMBER' }),
    ]);
    expect(document.consentEvents.map((e: any) => [e.status, e.source])).toEqual([
      ['SUBSCRIBED', 'STAFF'],
      ['UNSUBSCRIBED', 'STAFF'],
    ]);
    expect(document.consentEvents[0].text_shown).toBe('Agreed at the rally.');
    expect(document.signatures).toEqual([
      expect.objectContaining({ campaign_slug: campaign.slug, recruited_by: stack.world.orgA.name }),
    ]);
    expect(document.outreachTasks).toEqual([expect.objectContaining({ title: 'Thank them' })]);
    expect(document.mailingsReceived.map((m: any) => m.mailing_id).sort()).toEqual([mailingA, mailingB].sort());
    expect(document.auditEvents.map((e: any) => e.action)).toEqual(expect.arrayContaining(['create', 'consent']));
    const { rows } = await stack.db.query(
      `SELECT actor_user_id FROM audit_events WHERE entity = 'people' AND entity_id = $1 AND action = 'export'`,
      [person.id],
    );
    expect(rows).toEqual([{ actor_user_id: stack.world.staffA.id }]);
  });

  it('exportPerson scoping: NOT_FOUND for another organization, FORBIDDEN for a person another organization also holds; bad id names id', async () => {
    expect(code(await gql(stack.api.url, EXPORT, { id: person.id }, stack.world.staffB.token))).toBe('NOT_FOUND');
    expect(code(await gql(stack.api.url, EXPORT, { id: person.id }, stack.world.press.token))).toBe('FORBIDDEN');
    const shared = await createPerson(stack, stack.world.staffA.token);
    await addMembership(stack, shared.id, stack.world.orgB.id);
    expect(code(await gql(stack.api.url, EXPORT, { id: shared.id }, stack.world.staffA.token))).toBe('FORBIDDEN');
    expect((await gql(stack.api.url, EXPORT, { id: '42' }, stack.world.admin)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { id: 'must be a person id' },
    });
  });

  it('activity lists signatures, mailings, tasks and consent events newest first, page by page', async () => {
    const all = (await gqlOk(stack.api.url, ACTIVITY, { id: person.id, first: 50 }, stack.world.admin)).person.activity;
    expect(all.totalCount).toBe(6);
    const nodes = all.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.kind).sort()).toEqual([
      'CONSENT',
      'CONSENT',
      'MAILING',
      'MAILING',
      'SIGNATURE',
      'TASK',
    ]);
    const times = nodes.map((n: any) => Date.parse(n.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(nodes[nodes.length - 1]).toMatchObject({ kind: 'MAILING', id: mailingB, detail: 'SENT' });
    expect(nodes.find((n: any) => n.kind === 'SIGNATURE').title).toContain(`Campaign ${campaign.slug}`);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await gqlOk(stack.api.url, ACTIVITY, { id: person.id, first: 4, after }, stack.world.admin))
        .person.activity;
      seen.push(...page.edges.map((e: any) => `${e.node.kind}:${e.node.id}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(nodes.map((n: any) => `${n.kind}:${n.id}`));
  });

  it("activity scoping: staff see their organization's mailings only; another organization cannot read the person", async () => {
    const staff = (await gqlOk(stack.api.url, ACTIVITY, { id: person.id, first: 50 }, stack.world.staffA.token)).person
      .activity;
    expect(staff.edges.filter((e: any) => e.node.kind === 'MAILING').map((e: any) => e.node.id)).toEqual([mailingA]);
    expect(staff.totalCount).toBe(5);
    expect(code(await gql(stack.api.url, ACTIVITY, { id: person.id }, stack.world.staffB.token))).toBe('NOT_FOUND');
  });

  it.each([
    ['first: 0', { first: 0 }, 'first'],
    ['a cursor of another list', { after: Buffer.from('["x"]').toString('base64url') }, 'after'],
    ['a cursor with a bad time', { after: Buffer.from('["never","TASK","x"]').toString('base64url') }, 'after'],
  ])('activity bad input: %s names the field', async (_what, args, field) => {
    const result = await gql(stack.api.url, ACTIVITY, { id: person.id, ...args }, stack.world.admin);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { [field]: expect.any(String) },
    });
  });
});
