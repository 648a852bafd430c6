// Issue 11: a public sign-up naming a recruiting union does not let that union read a person who
// belongs to another union; through the signature it sees a stand-in, not the person's data.
import { gql, gqlOk } from '../support/gql';
import { uniqueEmail } from '../support/fixtures';
import {
  code,
  createActiveCampaign,
  createPerson,
  GdprStack,
  signPublicly,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const QUEUE =
  'query($c: ID) { signatures(campaignId: $c) { edges { node { id confirmedAt person { id email firstName lastName redacted tags memberships { id } signatures { id } consentEvents { status } } } } } }';
const PEOPLE = 'query($f: PersonFilter) { people(filter: $f) { totalCount edges { node { id } } } }';

describe('gdpr: public sign-up scope', () => {
  let stack: GdprStack;

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  it("another union's member who signs naming union B stays invisible to B, which sees the signature with a stand-in person", async () => {
    const { world, api } = stack;
    const campaign = await createActiveCampaign(stack);
    const member = await createPerson(stack, world.staffA.token, { tags: ['a-private-tag'] });
    const countBefore = (await gqlOk(api.url, PEOPLE, {}, world.staffB.token)).people.totalCount;
    await signPublicly(stack, campaign.slug, { email: member.email, recruitedByOrganizationId: world.orgB.id });

    expect(
      code(await gql(api.url, 'query($id: ID!) { person(id: $id) { id } }', { id: member.id }, world.staffB.token)),
    ).toBe('NOT_FOUND');
    expect((await gqlOk(api.url, PEOPLE, {}, world.staffB.token)).people.totalCount).toBe(countBefore);
    expect((await gqlOk(api.url, PEOPLE, { f: { search: member.email } }, world.staffB.token)).people.totalCount).toBe(
      0,
    );
    const [signature] = (await gqlOk(api.url, QUEUE, { c: campaign.id }, world.staffB.token)).signatures.edges.map(
      (e: any) => e.node,
    );
    expect(signature).toMatchObject({
      confirmedAt: expect.any(String),
      person: {
        id: member.id,
        email: '',
        firstName: '',
        lastName: null,
        redacted: true,
        tags: [],
        memberships: [],
        signatures: [],
        consentEvents: [],
      },
    });
    // A person's activity is asked for one person at a time (person(id), out of B's scope): never through a list.
    const withActivity = await gql(
      api.url,
      'query($c: ID) { signatures(campaignId: $c) { edges { node { person { activity { totalCount } } } } } }',
      { c: campaign.id },
      world.staffB.token,
    );
    expect(withActivity.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // The union that holds the person sees it whole; so does an admin.
    const [asAdmin] = (await gqlOk(api.url, QUEUE, { c: campaign.id }, world.admin)).signatures.edges.map(
      (e: any) => e.node,
    );
    expect(asAdmin.person).toMatchObject({ email: member.email, redacted: false, tags: ['a-private-tag'] });
  });

  it("a new signer (nobody's member) is the recruiting union's to see once confirmed", async () => {
    const { world, api } = stack;
    const campaign = await createActiveCampaign(stack);
    const email = uniqueEmail('newcomer');
    await signPublicly(stack, campaign.slug, { email, firstName: 'New', recruitedByOrganizationId: world.orgB.id });
    const [signature] = (await gqlOk(api.url, QUEUE, { c: campaign.id }, world.staffB.token)).signatures.edges.map(
      (e: any) => e.node,
    );
    expect(signature.person).toMatchObject({ email, firstName: 'New', redacted: false });
    expect((await gqlOk(api.url, PEOPLE, { f: { search: email } }, world.staffB.token)).people.totalCount).toBe(1);
  });
});
