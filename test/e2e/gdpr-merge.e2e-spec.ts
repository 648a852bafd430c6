// Issue 13: mergePeople moves memberships, tags, signatures, deliveries, tasks and the consent log
// to the kept person; the most protective status wins; the merged person is in every audience once.
import { gql, gqlOk } from '../support/gql';
import { uploadCsv, waitForImport } from './imports/imports-helpers';
import {
  addMembership,
  code,
  createActiveCampaign,
  createPerson,
  GdprStack,
  PERSON_FIELDS,
  recordSignature,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const MERGE = `mutation($k: ID!, $m: ID!) { mergePeople(keepId: $k, mergeId: $m) { ${PERSON_FIELDS} consentEvents { status source } } }`;
const UPDATE = 'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id } }';
const PEOPLE = 'query($f: PersonFilter) { people(filter: $f, first: 200) { edges { node { id } } } }';

describe('gdpr: merge', () => {
  let stack: GdprStack;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  it('keeps UNSUBSCRIBED over SUBSCRIBED, moves everything, and the kept person is in every audience of the two, once', async () => {
    const { world, api } = stack;
    const [both, onlyMerged] = [await createActiveCampaign(stack), await createActiveCampaign(stack)];
    const keep = await createPerson(stack, world.admin, { tags: ['keep-tag'] });
    const merged = await createPerson(stack, world.admin, { tags: ['merged-tag', 'keep-tag'], lastName: null });
    await addMembership(stack, keep.id, world.orgA.id);
    await addMembership(stack, merged.id, world.orgA.id);
    await addMembership(stack, merged.id, world.orgB.id);
    await gqlOk(api.url, UPDATE, { id: merged.id, i: { emailStatus: 'UNSUBSCRIBED' } }, world.admin);
    await recordSignature(stack, both.id, keep.id, world.orgA.id);
    const duplicateSignature = await recordSignature(stack, both.id, merged.id, world.orgB.id);
    const movedSignature = await recordSignature(stack, onlyMerged.id, merged.id, world.orgB.id);
    const task = (
      await gqlOk(
        api.url,
        'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id } }',
        { i: { kind: 'CALL', title: 'Call back', personId: merged.id } },
        world.admin,
      )
    ).createOutreachTask;
    const countBefore = (
      await gqlOk(api.url, 'query($id: ID!) { campaign(id: $id) { signatureCount } }', { id: both.id }, world.admin)
    ).campaign.signatureCount;

    const kept = (await gqlOk(api.url, MERGE, { k: keep.id, m: merged.id }, world.admin)).mergePeople;
    expect(kept).toMatchObject({
      id: keep.id,
      email: keep.email,
      emailStatus: 'UNSUBSCRIBED',
      tags: ['keep-tag', 'merged-tag'],
    });
    expect(kept.memberships.map((m: any) => m.organization.id).sort()).toEqual([world.orgA.id, world.orgB.id].sort());
    expect(kept.signatures.map((s: any) => s.campaign.id).sort()).toEqual([both.id, onlyMerged.id].sort());
    expect(kept.consentEvents[0]).toEqual({ status: 'UNSUBSCRIBED', source: 'MERGE' });
    expect(kept.consentEvents.map((e: any) => e.source)).toContain('ADMIN'); // both people's logs are kept
    expect(
      (await gqlOk(api.url, 'query($id: ID!) { campaign(id: $id) { signatureCount } }', { id: both.id }, world.admin))
        .campaign.signatureCount,
    ).toBe(countBefore - 1);
    expect(code(await gql(api.url, 'query($id: ID!) { person(id: $id) { id } }', { id: merged.id }, world.admin))).toBe(
      'NOT_FOUND',
    );
    const { rows: tasks } = await stack.db.query(`SELECT person_id FROM outreach_tasks WHERE id = $1`, [task.id]);
    expect(tasks[0].person_id).toBe(keep.id);
    const { rows: audit } = await stack.db.query(
      `SELECT changes FROM audit_events WHERE entity = 'people' AND entity_id = $1 AND action = 'merge'`,
      [keep.id],
    );
    expect(audit[0].changes).toMatchObject({ mergedId: merged.id, after: { emailStatus: 'UNSUBSCRIBED' } });
    // Issue 15: each raw write of the merge records its rows' events (same transaction).
    const trail = async (entity: string, id: string) =>
      (
        await stack.db.query(
          `SELECT action, changes FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY occurred_at, id`,
          [entity, id],
        )
      ).rows.at(-1);
    expect(await trail('signatures', duplicateSignature)).toMatchObject({
      action: 'delete',
      changes: { reason: 'merge', mergedInto: keep.id },
    });
    expect(await trail('signatures', movedSignature)).toMatchObject({
      action: 'merge',
      changes: { before: { personId: merged.id }, after: { personId: keep.id } },
    });
    expect(await trail('outreach_tasks', task.id)).toMatchObject({
      action: 'merge',
      changes: { after: { personId: keep.id } },
    });
    expect(await trail('people', merged.id)).toMatchObject({ action: 'delete', changes: { mergedInto: keep.id } });
    const { rows: memberships } = await stack.db.query(
      `SELECT action FROM audit_events WHERE entity = 'memberships' AND action IN ('delete', 'merge') AND (changes->>'mergedInto' = $1 OR changes->'after'->>'personId' = $1) ORDER BY action`,
      [keep.id],
    );
    expect(memberships.map((m) => m.action)).toEqual(['delete', 'merge']); // orgA's duplicate dropped, orgB's moved

    // Every audience either was in holds the kept person exactly once.
    for (const filter of [
      { organizationId: world.orgA.id },
      { organizationId: world.orgB.id },
      { tag: 'merged-tag' },
      { tag: 'keep-tag' },
      { campaignId: both.id },
      { campaignId: onlyMerged.id },
    ]) {
      const ids = (await gqlOk(api.url, PEOPLE, { f: filter }, world.admin)).people.edges.map((e: any) => e.node.id);
      expect({ filter, count: ids.filter((id: string) => id === keep.id).length }).toEqual({ filter, count: 1 });
    }
    const mailing = (
      await gqlOk(
        api.url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        {
          i: {
            name: 'All',
            subject: 'Hi',
            bodyTemplate: 'Hi',
            audience: { organizationIds: [world.orgA.id, world.orgB.id], tags: ['merged-tag'] },
          },
        },
        world.admin,
      )
    ).createMailing;
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.admin);
    const { rows: deliveries } = await stack.db.query(
      `SELECT status FROM mailing_deliveries WHERE mailing_id = $1 AND person_id = $2`,
      [mailing.id, keep.id],
    );
    expect(deliveries).toEqual([{ status: 'SUPPRESSED' }]);

    // The opted-out duplicate's address cannot come back as a subscriber through an import.
    const upload = await uploadCsv(api.url, world.admin, `email,first_name\n${merged.email},Back\n`);
    expect(await waitForImport(api.url, world.admin, upload.json.id)).toMatchObject({
      created: 0,
      failed: 1,
      errors: [{ row: 2, message: expect.stringContaining('suppressed') }],
    });
  });

  it('where both signed a campaign, the signature that counts more stays: a merge never unsigns a verified signer', async () => {
    const { api, world } = stack;
    const campaign = await createActiveCampaign(stack);
    const keep = await createPerson(stack, world.admin);
    const merged = await createPerson(stack, world.admin);
    const rejected = await recordSignature(stack, campaign.id, keep.id, world.orgB.id);
    const verified = await recordSignature(stack, campaign.id, merged.id, world.orgA.id);
    const decide = (name: string, id: string) =>
      gqlOk(api.url, `mutation($id: ID!) { ${name}(id: $id) { id } }`, { id }, world.admin);
    await decide('rejectSignature', rejected);
    await decide('verifySignature', verified);
    const counts = async () =>
      (
        await gqlOk(
          api.url,
          'query($id: ID!) { campaign(id: $id) { signatureCount verifiedSignatureCount } }',
          { id: campaign.id },
          world.admin,
        )
      ).campaign;
    const before = await counts();
    const kept = (await gqlOk(api.url, MERGE, { k: keep.id, m: merged.id }, world.admin)).mergePeople;
    expect(kept.signatures).toEqual([{ id: verified, campaign: { id: campaign.id } }]);
    expect(await counts()).toEqual(before);
  });

  it("scoping: staff merge only people no other organization holds (FORBIDDEN); another organization's people are NOT_FOUND", async () => {
    const { world, api } = stack;
    const [a1, a2, shared] = [
      await createPerson(stack, world.staffA.token),
      await createPerson(stack, world.staffA.token),
      await createPerson(stack, world.staffA.token),
    ];
    await addMembership(stack, shared.id, world.orgB.id);
    expect(code(await gql(api.url, MERGE, { k: a1.id, m: shared.id }, world.staffA.token))).toBe('FORBIDDEN');
    expect(code(await gql(api.url, MERGE, { k: a1.id, m: a2.id }, world.staffB.token))).toBe('NOT_FOUND');
    expect(code(await gql(api.url, MERGE, { k: a1.id, m: a2.id }, world.press.token))).toBe('FORBIDDEN');
    const merged = (await gqlOk(api.url, MERGE, { k: a1.id, m: a2.id }, world.staffA.token)).mergePeople;
    expect(merged.id).toBe(a1.id);
  });

  it('bad input: merging a person with itself names mergeId; an id that is no uuid names keepId', async () => {
    const person = await createPerson(stack, stack.world.admin);
    expect(
      (await gql(stack.api.url, MERGE, { k: person.id, m: person.id }, stack.world.admin)).errors?.[0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { mergeId: expect.any(String) } });
    expect(
      (await gql(stack.api.url, MERGE, { k: 'nope', m: person.id }, stack.world.admin)).errors?.[0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { keepId: 'must be a person id' } });
  });
});
