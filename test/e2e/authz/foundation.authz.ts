import { unique, uniqueEmail } from '../../support/fixtures';
import { AuthzArea, everyoneSignedIn } from './authz-case';

export const foundationAuthz: AuthzArea = {
  area: 'foundation',
  cases: (_ctx, world) => [
    { name: 'me', query: '{ me { id role } }', expect: everyoneSignedIn() },
    {
      name: 'login (public)',
      query: 'mutation { login(email: "nobody@example.test", password: "wrong-password") { accessToken } }',
      expect: {
        anonymous: 'UNAUTHENTICATED',
        admin: 'UNAUTHENTICATED',
        staffA: 'UNAUTHENTICATED',
        press: 'UNAUTHENTICATED',
      },
    },
    {
      name: 'createUser',
      query: 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      variables: () => ({
        i: { email: uniqueEmail('user'), name: 'New user', password: 'long-enough-password', role: 'PRESS_OFFICER' },
      }),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
    { name: 'rotateCalendarToken', query: 'mutation { rotateCalendarToken { id } }', expect: everyoneSignedIn() },
    {
      name: 'organizations',
      query: '{ organizations(first: 5) { totalCount edges { node { id } } } }',
      expect: everyoneSignedIn(),
    },
    {
      name: 'organization (other org)',
      query: `{ organization(id: "${world.orgB.id}") { id name } }`,
      expect: everyoneSignedIn(),
    },
    {
      name: 'createOrganization',
      query: 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
      variables: () => ({ i: { name: unique('Authz org'), kind: 'NGO' } }),
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
    {
      name: 'updateOrganization (own org A)',
      query: `mutation { updateOrganization(id: "${world.orgA.id}", input: { website: "https://a.example.org" }) { id } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'OK', press: 'FORBIDDEN' },
    },
    {
      name: 'updateOrganization membershipStatus (own org A)',
      query: `mutation { updateOrganization(id: "${world.orgA.id}", input: { membershipStatus: ACTIVE }) { id } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
    {
      name: 'updateOrganization joinedOn (own org A)',
      query: `mutation { updateOrganization(id: "${world.orgA.id}", input: { joinedOn: "2024-01-15" }) { id } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
    {
      name: 'updateOrganization (other org B)',
      query: `mutation { updateOrganization(id: "${world.orgB.id}", input: { website: "https://b.example.org" }) { id } }`,
      expect: { anonymous: 'UNAUTHENTICATED', admin: 'OK', staffA: 'FORBIDDEN', press: 'FORBIDDEN' },
    },
  ],
};
