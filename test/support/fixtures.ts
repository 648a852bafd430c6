import { randomBytes } from 'node:crypto';
import { gqlOk, login, loginAdmin } from './gql';

export const unique = (prefix: string) => `${prefix} ${randomBytes(4).toString('hex')}`;
export const uniqueEmail = (prefix = 'person') => `${prefix}.${randomBytes(5).toString('hex')}@example.test`;

export async function createOrganization(
  url: string,
  adminToken: string,
  name = unique('Org'),
  kind = 'UNION',
): Promise<{ id: string; name: string }> {
  const data = await gqlOk(
    url,
    'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id name } }',
    { i: { name, kind } },
    adminToken,
  );
  return data.createOrganization;
}

export async function createUser(
  url: string,
  adminToken: string,
  role: string,
  organizationId?: string,
): Promise<{ id: string; email: string; token: string }> {
  const email = uniqueEmail(role.toLowerCase());
  const password = 'a-long-test-password';
  const data = await gqlOk(
    url,
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id email } }',
    { i: { email, name: `Test ${role}`, password, role, organizationId } },
    adminToken,
  );
  return { id: data.createUser.id, email, token: await login(url, email, password) };
}

export interface World {
  admin: string;
  orgA: { id: string; name: string };
  orgB: { id: string; name: string };
  /** Tokens of users of each role; staffA belongs to orgA, staffB to orgB. */
  staffA: { id: string; token: string };
  staffB: { id: string; token: string };
  press: { id: string; token: string };
}

/** Two organizations and a user of each role, fresh for one test file. */
export async function createWorld(url: string): Promise<World> {
  const admin = await loginAdmin(url);
  const [orgA, orgB] = [
    await createOrganization(url, admin, unique('Union A')),
    await createOrganization(url, admin, unique('Guild B'), 'GUILD'),
  ];
  return {
    admin,
    orgA,
    orgB,
    staffA: await createUser(url, admin, 'ORG_STAFF', orgA.id),
    staffB: await createUser(url, admin, 'ORG_STAFF', orgB.id),
    press: await createUser(url, admin, 'PRESS_OFFICER'),
  };
}
