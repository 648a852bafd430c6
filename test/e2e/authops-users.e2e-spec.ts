// Issue #11, user lifecycle: tokens are checked against the user's row (missing, deactivated,
// revoked → UNAUTHENTICATED), admins list, update and deactivate users, users change their own
// password, duplicate createUser is CONFLICT, login refuses over-long emails before Redis.
import { randomUUID } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import Redis from 'ioredis';
import type { Client } from 'pg';
import { startApi, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login, outcomeOf } from '../support/gql';
import { database } from '../support/db';
import { createOrganization, createUser, unique, uniqueEmail } from '../support/fixtures';

const SECRET = 'authops-users-test-secret-0123456789abcdef';
const ME = '{ me { id email role organization { id } } }';
const CREATE_ORG = 'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }';
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { id email } }';
const USERS =
  'query($f: UserFilter, $first: Int, $after: String) { users(filter: $f, first: $first, after: $after) { totalCount edges { cursor node { id email role active deactivatedAt organization { id } } } pageInfo { hasNextPage endCursor } } }';
const UPDATE =
  'mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id role name organization { id } } }';
const DEACTIVATE = 'mutation($id: ID!) { deactivateUser(id: $id) { id active deactivatedAt } }';
const CHANGE =
  'mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) { accessToken user { id } } }';
const PASSWORD = 'a-long-test-password';

describe('authops: tokens and the user lifecycle', () => {
  let api: RunningApi;
  let admin: string;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    api = await startApi(testEnv({ JWT_SECRET: SECRET }));
    admin = await login(api.url, 'admin@chorus.localhost', 'chorus-admin-password');
    db = await database();
    redis = new Redis(api.env.REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await db?.end();
    await api?.close();
  });

  const forge = (claims: Record<string, unknown>) =>
    jwt.sign(claims, SECRET, { algorithm: 'HS256', expiresIn: 600, audience: 'chorus-api' });

  it('refuses a validly signed token whose user does not exist, even with an admin role', async () => {
    const token = forge({ sub: randomUUID(), role: 'COALITION_ADMIN', org: null });
    const result = await gql(api.url, CREATE_ORG, { i: { name: unique('Forged'), kind: 'UNION' } }, token);
    expect(outcomeOf(result)).toBe('UNAUTHENTICATED');
    expect(
      outcomeOf(await gql(api.url, ME, {}, forge({ sub: 'not-a-uuid', role: 'COALITION_ADMIN', org: null }))),
    ).toBe('UNAUTHENTICATED');
    // An HTTP endpoint behind the same guard.
    expect(
      (await fetch(`${api.url}/exports/people.csv`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it('takes the role from the user row, not from the token: a staff token claiming admin stays staff', async () => {
    const org = await createOrganization(api.url, admin);
    const staff = await createUser(api.url, admin, 'ORG_STAFF', org.id);
    const claimed = forge({ sub: staff.id, role: 'COALITION_ADMIN', org: null, ver: 0 });
    expect(
      outcomeOf(await gql(api.url, CREATE_ORG, { i: { name: unique('Escalated'), kind: 'UNION' } }, claimed)),
    ).toBe('FORBIDDEN');
  });

  it('deactivateUser: the user’s tokens stop working at once, login is refused, and it is audited', async () => {
    const press = await createUser(api.url, admin, 'PRESS_OFFICER');
    expect(outcomeOf(await gql(api.url, ME, {}, press.token))).toBe('OK');
    const data = await gqlOk(api.url, DEACTIVATE, { id: press.id }, admin);
    expect(data.deactivateUser).toMatchObject({ id: press.id, active: false });
    expect(outcomeOf(await gql(api.url, ME, {}, press.token))).toBe('UNAUTHENTICATED');
    const relogin = await gql(
      api.url,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: press.email, p: PASSWORD },
    );
    expect(outcomeOf(relogin)).toBe('UNAUTHENTICATED');
    expect(outcomeOf(await gql(api.url, DEACTIVATE, { id: press.id }, admin))).toBe('CONFLICT');
    // A deactivated account gets no new task (nor reminders and digests: outreach mails active users only).
    const assigned = await gql(
      api.url,
      'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id } }',
      { i: { kind: 'CALL', title: 'Call for the gone', assigneeId: press.id } },
      admin,
    );
    expect(assigned.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { assigneeId: 'is not an active user' },
    });
    // A mistaken deactivation is undone: the same password signs in again, old tokens stay void.
    const REACTIVATE = 'mutation($id: ID!) { reactivateUser(id: $id) { id active } }';
    expect((await gqlOk(api.url, REACTIVATE, { id: press.id }, admin)).reactivateUser).toEqual({
      id: press.id,
      active: true,
    });
    expect(outcomeOf(await gql(api.url, ME, {}, press.token))).toBe('UNAUTHENTICATED');
    expect(
      outcomeOf(
        await gql(api.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
          e: press.email,
          p: PASSWORD,
        }),
      ),
    ).toBe('OK');
    expect(outcomeOf(await gql(api.url, REACTIVATE, { id: press.id }, admin))).toBe('CONFLICT');
    expect(outcomeOf(await gql(api.url, REACTIVATE, { id: press.id }, press.token))).toBe('UNAUTHENTICATED');
    const other = await createUser(api.url, admin, 'PRESS_OFFICER');
    expect(outcomeOf(await gql(api.url, REACTIVATE, { id: press.id }, other.token))).toBe('FORBIDDEN');
    const audit = await db.query(
      `SELECT actor_user_id, changes FROM audit_events WHERE entity = 'users' AND entity_id = $1 AND action = 'update' ORDER BY occurred_at, id`,
      [press.id],
    );
    expect(audit.rows).toHaveLength(2); // the deactivation, then the reactivation
    expect(audit.rows[0].changes.after.deactivatedAt).toBeTruthy();
    expect(audit.rows[1].changes.after).toEqual({ deactivatedAt: null });
    expect(JSON.stringify(audit.rows[0].changes)).not.toContain('argon2');
  });

  it('deactivateUser and updateUser are COALITION_ADMIN only; NOT_FOUND for an unknown user; no self-deactivation', async () => {
    const press = await createUser(api.url, admin, 'PRESS_OFFICER');
    expect(outcomeOf(await gql(api.url, DEACTIVATE, { id: press.id }, press.token))).toBe('FORBIDDEN');
    expect(outcomeOf(await gql(api.url, UPDATE, { id: press.id, i: { role: 'COALITION_ADMIN' } }, press.token))).toBe(
      'FORBIDDEN',
    );
    expect(outcomeOf(await gql(api.url, USERS, {}, press.token))).toBe('FORBIDDEN');
    expect(outcomeOf(await gql(api.url, DEACTIVATE, { id: randomUUID() }, admin))).toBe('NOT_FOUND');
    const me = (await gqlOk(api.url, ME, {}, admin)).me;
    expect(outcomeOf(await gql(api.url, DEACTIVATE, { id: me.id }, admin))).toBe('CONFLICT');
  });

  it('updateUser changes role and organization, effective on the tokens already issued', async () => {
    const [orgA, orgB] = [await createOrganization(api.url, admin), await createOrganization(api.url, admin)];
    const staff = await createUser(api.url, admin, 'ORG_STAFF', orgA.id);
    const moved = await gqlOk(
      api.url,
      UPDATE,
      { id: staff.id, i: { organizationId: orgB.id, name: 'Moved staffer' } },
      admin,
    );
    expect(moved.updateUser).toMatchObject({ role: 'ORG_STAFF', name: 'Moved staffer', organization: { id: orgB.id } });
    // `me` answers with the row the guard read for this request: the rename shows at once.
    const meAfterMove = (await gqlOk(api.url, '{ me { id name organization { id } } }', {}, staff.token)).me;
    expect(meAfterMove).toEqual({ id: staff.id, name: 'Moved staffer', organization: { id: orgB.id } });

    const bad = await gql(api.url, UPDATE, { id: staff.id, i: { organizationId: null } }, admin);
    expect(outcomeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.fields).toHaveProperty('organizationId');
    expect(outcomeOf(await gql(api.url, UPDATE, { id: staff.id, i: { organizationId: randomUUID() } }, admin))).toBe(
      'BAD_USER_INPUT',
    );

    const promoted = await gqlOk(
      api.url,
      UPDATE,
      { id: staff.id, i: { role: 'PRESS_OFFICER', organizationId: null } },
      admin,
    );
    expect(promoted.updateUser).toMatchObject({ role: 'PRESS_OFFICER', organization: null });
    expect((await gqlOk(api.url, ME, {}, staff.token)).me.role).toBe('PRESS_OFFICER');
  });

  it('only ORG_STAFF belong to an organization, so a press officer never shares the press desk with a union', async () => {
    const org = await createOrganization(api.url, admin);
    const email = uniqueEmail('press-with-org');
    const refused = await gql(
      api.url,
      CREATE_USER,
      { i: { email, name: 'Press', password: PASSWORD, role: 'PRESS_OFFICER', organizationId: org.id } },
      admin,
    );
    expect(outcomeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].extensions.fields).toEqual({
      organizationId: 'is only for ORG_STAFF users: leave it out for this role',
    });
    expect((await db.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount).toBe(0);

    // A staffer made press officer leaves the organization, without being told to.
    const staff = await createUser(api.url, admin, 'ORG_STAFF', org.id);
    const moved = await gqlOk(api.url, UPDATE, { id: staff.id, i: { role: 'PRESS_OFFICER' } }, admin);
    expect(moved.updateUser).toMatchObject({ role: 'PRESS_OFFICER', organization: null });
    const bound = await gql(api.url, UPDATE, { id: staff.id, i: { organizationId: org.id } }, admin);
    expect(bound.errors![0].extensions.fields).toHaveProperty('organizationId');

    // The press officer's work is not in the union's audit trail.
    const unionStaff = await createUser(api.url, admin, 'ORG_STAFF', org.id);
    const contact = unique('Confidential source');
    await gqlOk(
      api.url,
      'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id } }',
      { i: { name: contact, email: uniqueEmail('source') } },
      staff.token, // the role comes from the user's row: this token now acts as press officer
    );
    const trail = await gqlOk(
      api.url,
      '{ auditEvents(first: 100) { edges { node { entity changes } } } }',
      {},
      unionStaff.token,
    );
    expect(JSON.stringify(trail)).not.toContain(contact);

    // The database keeps the rule for every writer.
    await expect(db.query(`UPDATE users SET organization_id = $1 WHERE id = $2`, [org.id, staff.id])).rejects.toThrow(
      /users_organization_only_for_staff/,
    );
  });

  it('users: a Relay connection filtered by role, organization and active', async () => {
    const org = await createOrganization(api.url, admin);
    const staff = [
      await createUser(api.url, admin, 'ORG_STAFF', org.id),
      await createUser(api.url, admin, 'ORG_STAFF', org.id),
      await createUser(api.url, admin, 'ORG_STAFF', org.id),
    ];
    await gqlOk(api.url, DEACTIVATE, { id: staff[2].id }, admin);

    const all = (await gqlOk(api.url, USERS, { f: { organizationId: org.id } }, admin)).users;
    expect(all.totalCount).toBe(3);
    const active = (await gqlOk(api.url, USERS, { f: { organizationId: org.id, active: true } }, admin)).users;
    expect(active.edges.map((e: any) => e.node.id).sort()).toEqual([staff[0].id, staff[1].id].sort());
    const inactive = (await gqlOk(api.url, USERS, { f: { organizationId: org.id, active: false } }, admin)).users;
    expect(inactive.edges.map((e: any) => e.node.id)).toEqual([staff[2].id]);
    const admins = (await gqlOk(api.url, USERS, { f: { role: 'COALITION_ADMIN' } }, admin)).users;
    expect(admins.edges.every((e: any) => e.node.role === 'COALITION_ADMIN')).toBe(true);

    // Pages of one, following the cursors, cover the list exactly once.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await gqlOk(api.url, USERS, { f: { organizationId: org.id }, first: 1, after }, admin)).users;
      seen.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual(staff.map((s) => s.id).sort());
    expect(outcomeOf(await gql(api.url, USERS, { after: 'garbage' }, admin))).toBe('BAD_USER_INPUT');
  });

  it('changePassword: needs the old password, applies the policy, revokes older tokens and returns a working one', async () => {
    const press = await createUser(api.url, admin, 'PRESS_OFFICER');
    const wrongOld = await gql(api.url, CHANGE, { o: 'not-my-password', n: 'a-brand-new-password' }, press.token);
    expect(outcomeOf(wrongOld)).toBe('BAD_USER_INPUT');
    expect(wrongOld.errors![0].extensions.fields).toHaveProperty('oldPassword');
    const short = await gql(api.url, CHANGE, { o: PASSWORD, n: 'short' }, press.token);
    expect(short.errors![0].extensions.fields).toEqual({ newPassword: 'must be at least 10 characters' });

    const changed = (await gqlOk(api.url, CHANGE, { o: PASSWORD, n: 'a-brand-new-password' }, press.token))
      .changePassword;
    expect(outcomeOf(await gql(api.url, ME, {}, press.token))).toBe('UNAUTHENTICATED');
    expect((await gqlOk(api.url, ME, {}, changed.accessToken)).me.id).toBe(press.id);
    await expect(login(api.url, press.email, PASSWORD)).rejects.toThrow('UNAUTHENTICATED');
    expect(await login(api.url, press.email, 'a-brand-new-password')).toBeTruthy();
    expect(outcomeOf(await gql(api.url, CHANGE, { o: 'x', n: 'a-brand-new-password' }))).toBe('UNAUTHENTICATED');
  });

  it('a duplicate createUser is CONFLICT, also when several arrive at once', async () => {
    const email = uniqueEmail('dup');
    const input = { email, name: 'Duplicate', password: PASSWORD, role: 'PRESS_OFFICER' };
    const results = await Promise.all(Array.from({ length: 6 }, () => gql(api.url, CREATE_USER, { i: input }, admin)));
    const outcomes = results.map(outcomeOf).sort();
    expect(outcomes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
    const again = await gql(api.url, CREATE_USER, { i: { ...input, email: email.toUpperCase() } }, admin);
    expect(outcomeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].extensions.fields).toEqual({ email: 'is already taken' });
  });

  it('login refuses an over-long email with BAD_USER_INPUT before it reaches Redis', async () => {
    const email = `${'x'.repeat(5000)}@example.test`;
    const result = await gql(
      api.url,
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: email, p: 'whatever-password' },
    );
    expect(outcomeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions.fields).toHaveProperty('email');
    const keys = await redis.keys(`${api.env.QUEUE_PREFIX}:app:login-*`);
    expect(keys.filter((k) => k.includes('xxxxxxxxxx'))).toEqual([]);
  });
});
