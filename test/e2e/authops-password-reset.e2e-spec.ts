// Issue #11, password reset by email: the same answer for any email, a single-use expiring link
// mailed through the email queue, the password policy named, every older token revoked.
import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login, outcomeOf } from '../support/gql';
import { database } from '../support/db';
import { createUser, uniqueEmail } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { sleep, waitFor } from '../support/wait-for';

const REQUEST = 'mutation($e: String!) { requestPasswordReset(email: $e) }';
const RESET = 'mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }';
const ME = '{ me { id } }';
const RATE_LIMIT = 12;

describe('authops: password reset by email', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let admin: string;
  let db: Client;
  let requests = 0;

  const request = async (email: string) => {
    requests += 1;
    return gql(api.url, REQUEST, { e: email });
  };
  /** The token of the newest reset link mailed to `email`. */
  const linkTokenOf = async (email: string, count = 1) => {
    const mails = await waitFor(() => (sink.to(email).length >= count ? sink.to(email) : null), {
      what: `reset email #${count} to ${email}`,
    });
    const match = /http:\/\/chorus\.test\/reset-password\/([\w.-]+)/.exec(mails[count - 1].parsed.text ?? '');
    expect(match).not.toBeNull();
    return match![1];
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({
      SMTP_URL: sink.url,
      PUBLIC_URL: 'http://chorus.test',
      PASSWORD_RESET_RATE_LIMIT: String(RATE_LIMIT),
    });
    api = await startApi(env);
    worker = await startWorker(env);
    admin = await login(api.url, 'admin@chorus.localhost', 'chorus-admin-password');
    db = await database();
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  it('answers true for unknown, deactivated and known emails alike, and mails only the active user', async () => {
    const user = await createUser(api.url, admin, 'PRESS_OFFICER');
    const gone = await createUser(api.url, admin, 'PRESS_OFFICER');
    await gqlOk(api.url, 'mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: gone.id }, admin);
    const stranger = uniqueEmail('stranger');
    for (const email of [stranger, gone.email, user.email])
      expect(await request(email)).toEqual({ data: { requestPasswordReset: true } });
    const mail = (await waitFor(() => sink.to(user.email)[0], { what: 'the reset email' })).parsed;
    expect(mail.subject).toBe('Reset your Chorus password');
    expect(mail.text).toContain('60 minutes');
    expect(mail.messageId).toMatch(/^<password-reset\..+@chorus>$/);
    await sleep(500);
    expect(sink.to(stranger)).toHaveLength(0);
    expect(sink.to(gone.email)).toHaveLength(0);
  });

  it('the link sets a new password once, revokes every older token, and names the policy', async () => {
    const user = await createUser(
      api.url,
      admin,
      'ORG_STAFF',
      (
        await gqlOk(
          api.url,
          'mutation { createOrganization(input: { name: "Reset Union ' + Date.now() + '", kind: UNION }) { id } }',
          {},
          admin,
        )
      ).createOrganization.id,
    );
    await request(user.email);
    const token = await linkTokenOf(user.email);

    const weak = await gql(api.url, RESET, { t: token, p: 'short' });
    expect(weak.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { newPassword: 'must be at least 10 characters' },
    });

    expect(await gql(api.url, RESET, { t: token, p: 'reset-to-this-password' })).toEqual({
      data: { resetPassword: true },
    });
    expect(outcomeOf(await gql(api.url, ME, {}, user.token))).toBe('UNAUTHENTICATED');
    await expect(login(api.url, user.email, 'a-long-test-password')).rejects.toThrow('UNAUTHENTICATED');
    const fresh = await login(api.url, user.email, 'reset-to-this-password');
    expect((await gqlOk(api.url, ME, {}, fresh)).me.id).toBe(user.id);

    const again = await gql(api.url, RESET, { t: token, p: 'yet-another-password' });
    expect(again.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { token: 'has expired or was already used' },
    });
    const audit = await db.query(
      `SELECT changes FROM audit_events WHERE entity = 'users' AND entity_id = $1 AND action = 'update'`,
      [user.id],
    );
    expect(audit.rows.map((r) => r.changes.after)).toEqual([{ tokenVersion: 1 }]);
  });

  it('refuses an expired link, a forged one, and links of a user who changed the password since', async () => {
    const user = await createUser(api.url, admin, 'PRESS_OFFICER');
    await request(user.email);
    const expired = await linkTokenOf(user.email, 1);
    await db.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.split('.')[0],
    ]);
    expect((await gql(api.url, RESET, { t: expired, p: 'a-fine-new-password' })).errors![0].extensions.fields).toEqual({
      token: 'has expired or was already used',
    });

    const [id] = expired.split('.');
    expect(
      (await gql(api.url, RESET, { t: `${id}.forgedmacforgedmacforgedmacforgedmacforgedm`, p: 'a-fine-new-password' }))
        .errors![0].extensions.fields,
    ).toEqual({ token: 'is not a valid password reset link' });
    expect(outcomeOf(await gql(api.url, RESET, { t: 'garbage', p: 'a-fine-new-password' }))).toBe('BAD_USER_INPUT');

    await request(user.email);
    const outstanding = await linkTokenOf(user.email, 2);
    await gqlOk(
      api.url,
      'mutation { changePassword(oldPassword: "a-long-test-password", newPassword: "changed-by-hand-1") { accessToken } }',
      {},
      user.token,
    );
    expect(outcomeOf(await gql(api.url, RESET, { t: outstanding, p: 'a-fine-new-password' }))).toBe('BAD_USER_INPUT');
  });

  it('is rate limited per client address', async () => {
    const email = uniqueEmail('flood');
    const outcomes: string[] = [];
    while (requests < RATE_LIMIT + 2) outcomes.push(outcomeOf(await request(email)));
    expect(outcomes.slice(-2).every((o) => o === 'RATE_LIMITED')).toBe(true);
    expect(outcomes.slice(0, -2).every((o) => o === 'OK')).toBe(true);
  });
});
