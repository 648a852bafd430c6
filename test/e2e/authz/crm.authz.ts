import { gqlOk } from '../../support/gql';
import { unique, uniqueEmail, World } from '../../support/fixtures';
import { AuthzArea, everyoneSignedIn, Outcome, Caller } from './authz-case';

interface CrmContext {
  personA: string;
  personB: string;
  campaign: { id: string; slug: string };
  commitmentA: string;
  /** One fresh object per caller (callers run in a fixed order; each takes the next). */
  fresh: Record<string, string[]>;
}

const staffOnly = (staffA: Outcome = 'OK'): Record<Caller, Outcome> => ({
  anonymous: 'UNAUTHENTICATED',
  admin: 'OK',
  staffA,
  press: 'FORBIDDEN',
});
const adminOnly: Record<Caller, Outcome> = {
  anonymous: 'UNAUTHENTICATED',
  admin: 'OK',
  staffA: 'FORBIDDEN',
  press: 'FORBIDDEN',
};
const everyone: Record<Caller, Outcome> = { anonymous: 'OK', admin: 'OK', staffA: 'OK', press: 'OK' };
const CALLERS = 4;

async function setup(url: string, world: World): Promise<CrmContext> {
  const ok = (query: string, variables: Record<string, unknown>, token = world.admin) =>
    gqlOk(url, query, variables, token);
  const person = async (token: string) =>
    (
      await ok(
        'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        { i: { email: uniqueEmail('authz'), firstName: 'Authz' } },
        token,
      )
    ).createPerson.id as string;
  const campaignOf = async (activate: boolean) => {
    const created = (
      await ok('mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id slug } }', {
        i: { slug: `authz-${Math.random().toString(36).slice(2, 10)}`, title: 'Authz', statement: 'S' },
      })
    ).createCampaign;
    if (activate) await ok('mutation($id: ID!) { activateCampaign(id: $id) { id } }', { id: created.id });
    return created as { id: string; slug: string };
  };
  const signature = async (personId: string, recruitedBy: string) =>
    (
      await ok('mutation($i: RecordSignatureInput!) { recordSignature(input: $i) { id } }', {
        i: { campaignId: campaign.id, personId, recruitedByOrganizationId: recruitedBy, publicDisplay: true },
      })
    ).recordSignature.id as string;
  const times = <T>(make: () => Promise<T>) => Promise.all(Array.from({ length: CALLERS }, make));

  const campaign = await campaignOf(true);
  const personA = await person(world.staffA.token);
  const personB = await person(world.staffB.token);
  // People staffA sees through a recruited signature but who are not members of orgA yet.
  const recruitedNotMember = times(async () => {
    const id = await person(world.admin);
    await signature(id, world.orgA.id);
    return id;
  });
  const commitmentA = (
    await ok('mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }', {
      i: { organizationId: world.orgA.id, kind: 'AMPLIFY', description: 'Amplify', target: 10 },
    })
  ).createCommitment.id;
  const fresh = {
    membershipA: recruitedNotMember,
    membershipB: times(() => person(world.admin)),
    draftCampaign: times(async () => (await campaignOf(false)).id),
    activeCampaign: times(async () => (await campaignOf(true)).id),
    signerA: times(() => person(world.staffA.token)),
    signerB: times(() => person(world.staffB.token)),
    signatureA: times(async () => signature(await person(world.staffA.token), world.orgA.id)),
    signatureA2: times(async () => signature(await person(world.staffA.token), world.orgA.id)),
    signatureB: times(async () => signature(await person(world.staffB.token), world.orgB.id)),
    signatureB2: times(async () => signature(await person(world.staffB.token), world.orgB.id)),
    withdrawable: times(
      async () =>
        (
          await ok('mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }', {
            i: { organizationId: world.orgA.id, kind: 'CUSTOM', description: 'Custom' },
          })
        ).createCommitment.id as string,
    ),
  };
  const keys = Object.keys(fresh) as (keyof typeof fresh)[];
  const lists = await Promise.all(keys.map((k) => fresh[k]));
  return { personA, personB, campaign, commitmentA, fresh: Object.fromEntries(keys.map((k, i) => [k, lists[i]])) };
}

export const crmAuthz: AuthzArea<CrmContext> = {
  area: 'crm',
  setup,
  cases: (ctx, world) => {
    const next = (key: string) => () => ctx.fresh[key].shift();
    return [
      {
        name: 'people',
        query: '{ people(first: 5) { totalCount edges { node { id memberships { id } tags signatures { id } } } } }',
        expect: staffOnly(),
      },
      { name: 'person (own org)', query: `{ person(id: "${ctx.personA}") { id } }`, expect: staffOnly() },
      { name: 'person (other org)', query: `{ person(id: "${ctx.personB}") { id } }`, expect: staffOnly('NOT_FOUND') },
      {
        name: 'createPerson',
        query: 'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
        variables: () => ({ i: { email: uniqueEmail('authz-new'), firstName: 'New' } }),
        expect: staffOnly(),
      },
      {
        name: 'updatePerson (own org)',
        query: `mutation { updatePerson(id: "${ctx.personA}", input: { lastName: "Updated" }) { id } }`,
        expect: staffOnly(),
      },
      {
        name: 'updatePerson (other org)',
        query: `mutation { updatePerson(id: "${ctx.personB}", input: { lastName: "Updated" }) { id } }`,
        expect: staffOnly('NOT_FOUND'),
      },
      {
        name: 'addMembership (own org)',
        query: `mutation($p: ID!) { addMembership(input: { personId: $p, organizationId: "${world.orgA.id}", role: MEMBER }) { id } }`,
        variables: () => ({ p: next('membershipA')() }),
        expect: staffOnly(),
      },
      {
        name: 'addMembership (other org)',
        query: `mutation($p: ID!) { addMembership(input: { personId: $p, organizationId: "${world.orgB.id}", role: MEMBER }) { id } }`,
        variables: () => ({ p: next('membershipB')() }),
        expect: staffOnly('FORBIDDEN'),
      },
      {
        name: 'updateMembership (own org)',
        query: `mutation { updateMembership(personId: "${ctx.personA}", organizationId: "${world.orgA.id}", input: { memberNumber: "A-1" }) { id } }`,
        expect: staffOnly(),
      },
      {
        name: 'updateMembership (other org)',
        query: `mutation { updateMembership(personId: "${ctx.personB}", organizationId: "${world.orgB.id}", input: { memberNumber: "B-1" }) { id } }`,
        expect: staffOnly('FORBIDDEN'),
      },
      {
        name: 'organization memberCount, commitments',
        query: `{ organization(id: "${world.orgA.id}") { memberCount commitments { id progress atRisk } } }`,
        expect: everyoneSignedIn(),
      },
      {
        name: 'campaigns',
        query: '{ campaigns(first: 5) { totalCount edges { node { id signatureCount verifiedSignatureCount } } } }',
        expect: everyoneSignedIn(),
      },
      { name: 'campaign', query: `{ campaign(id: "${ctx.campaign.id}") { id slug } }`, expect: everyoneSignedIn() },
      {
        name: 'createCampaign',
        query: 'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }',
        variables: () => ({
          i: {
            slug: `authz-new-${Math.random().toString(36).slice(2, 10)}`,
            title: unique('Campaign'),
            statement: 'S',
          },
        }),
        expect: adminOnly,
      },
      {
        name: 'activateCampaign',
        query: 'mutation($id: ID!) { activateCampaign(id: $id) { id } }',
        variables: () => ({ id: next('draftCampaign')() }),
        expect: adminOnly,
      },
      {
        name: 'closeCampaign',
        query: 'mutation($id: ID!) { closeCampaign(id: $id) { id } }',
        variables: () => ({ id: next('activeCampaign')() }),
        expect: adminOnly,
      },
      {
        name: 'signatures (verification queue)',
        query: `{ signatures(campaignId: "${ctx.campaign.id}", verification: UNVERIFIED, first: 5) { totalCount edges { node { id } } } }`,
        expect: staffOnly(),
      },
      {
        name: 'recordSignature (own org)',
        query: `mutation($p: ID!) { recordSignature(input: { campaignId: "${ctx.campaign.id}", personId: $p, publicDisplay: true }) { id } }`,
        variables: () => ({ p: next('signerA')() }),
        expect: staffOnly(),
      },
      {
        name: 'recordSignature (recruited by other org)',
        query: `mutation($p: ID!) { recordSignature(input: { campaignId: "${ctx.campaign.id}", personId: $p, recruitedByOrganizationId: "${world.orgB.id}", publicDisplay: true }) { id } }`,
        variables: () => ({ p: next('signerB')() }),
        expect: staffOnly('FORBIDDEN'),
      },
      {
        name: 'verifySignature (own org)',
        query: 'mutation($id: ID!) { verifySignature(id: $id) { id } }',
        variables: () => ({ id: next('signatureA')() }),
        expect: staffOnly(),
      },
      {
        name: 'rejectSignature (own org)',
        query: 'mutation($id: ID!) { rejectSignature(id: $id) { id } }',
        variables: () => ({ id: next('signatureA2')() }),
        expect: staffOnly(),
      },
      {
        name: 'verifySignature (other org)',
        query: 'mutation($id: ID!) { verifySignature(id: $id) { id } }',
        variables: () => ({ id: next('signatureB')() }),
        expect: staffOnly('NOT_FOUND'),
      },
      {
        name: 'rejectSignature (other org)',
        query: 'mutation($id: ID!) { rejectSignature(id: $id) { id } }',
        variables: () => ({ id: next('signatureB2')() }),
        expect: staffOnly('NOT_FOUND'),
      },
      {
        name: 'signCampaign (public)',
        query: 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }',
        variables: () => ({
          i: {
            slug: ctx.campaign.slug,
            email: uniqueEmail('public'),
            firstName: 'Public',
            publicDisplay: true,
            consentText: 'I agree.',
          },
        }),
        expect: everyone,
      },
      {
        name: 'publicSignatories (public)',
        query: `{ publicSignatories(slug: "${ctx.campaign.slug}") { totalCount nodes { name displayTitle } } }`,
        expect: everyone,
      },
      {
        name: 'commitments',
        query: `{ commitments(organizationId: "${world.orgA.id}") { id progress atRisk organization { id } campaign { id } } }`,
        expect: everyoneSignedIn(),
      },
      {
        name: 'createCommitment (own org)',
        query: `mutation { createCommitment(input: { organizationId: "${world.orgA.id}", kind: FUNDING, description: "Fund" }) { id } }`,
        expect: staffOnly(),
      },
      {
        name: 'createCommitment (other org)',
        query: `mutation { createCommitment(input: { organizationId: "${world.orgB.id}", kind: FUNDING, description: "Fund" }) { id } }`,
        expect: staffOnly('FORBIDDEN'),
      },
      {
        name: 'updateCommitmentProgress (own org)',
        query: `mutation { updateCommitmentProgress(id: "${ctx.commitmentA}", progress: 2) { id } }`,
        expect: staffOnly(),
      },
      {
        name: 'withdrawCommitment (own org)',
        query: 'mutation($id: ID!) { withdrawCommitment(id: $id) { id } }',
        variables: () => ({ id: next('withdrawable')() }),
        expect: staffOnly(),
      },
      {
        name: 'coalitionDashboard',
        query: '{ coalitionDashboard { commitments { total } campaigns { id } } }',
        expect: adminOnly,
      },
    ];
  },
};
