// Shared by the mailings e2e specs: people, campaigns and press contacts are created with SQL
// (the people and press APIs are other areas'), mailings through the GraphQL API.
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { database } from '../support/db';
import { gqlOk } from '../support/gql';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { waitFor } from '../support/wait-for';

/** A loopback SMTP sink, the API and a worker sending to it, and a database client. */
export interface MailingStack {
  sink: SmtpSink;
  api: RunningApi;
  worker: INestApplicationContext;
  client: Client;
  stop(): Promise<void>;
}

/** Starts a MailingStack; `env` adds to the test environment (mail goes to the sink, from news@chorus.test). */
export async function startMailingStack(
  env: Record<string, string> = {},
  sinkOptions: Parameters<typeof startSmtpSink>[0] = {},
): Promise<MailingStack> {
  const sink = await startSmtpSink(sinkOptions);
  const full = testEnv({ SMTP_URL: sink.url, MAIL_FROM: 'Chorus <news@chorus.test>', ...env });
  const api = await startApi(full);
  const worker = await startWorker(full);
  const client = await database();
  return {
    sink,
    api,
    worker,
    client,
    async stop() {
      await client.end();
      await worker.close();
      await api.close();
      await sink.close();
    },
  };
}

export interface SeededPeople {
  tag: string;
  ids: string[];
  emails: string[];
}

/** `count` people, members of `organizationId`, all carrying one fresh tag; returned in creation order. */
export async function seedPeople(
  client: Client,
  organizationId: string,
  count: number,
  prefix = 'p',
): Promise<SeededPeople> {
  const run = randomBytes(4).toString('hex');
  const tag = `mailing-test-${run}`;
  const { rows } = await client.query(
    `INSERT INTO people (email, first_name, last_name, tags)
     SELECT $1 || g || '.' || $2 || '@example.test', 'First' || g, 'Last' || g, ARRAY[$3]
     FROM generate_series(1, $4) g ORDER BY g RETURNING id, email`,
    [prefix, run, tag, count],
  );
  await client.query(
    `INSERT INTO memberships (person_id, organization_id, role) SELECT unnest($1::uuid[]), $2, 'MEMBER'`,
    [rows.map((r) => r.id), organizationId],
  );
  return { tag, ids: rows.map((r) => r.id), emails: rows.map((r) => r.email) };
}

export const MAILING_FIELDS =
  'id name subject status scheduledAt stats { recipients queued sent failed suppressed bounced }';

export async function createMailing(
  url: string,
  token: string,
  audience: Record<string, unknown>,
  bodyTemplate = 'Hello {{firstName}} of {{organization}},\n\nplease read this.\n\nUnsubscribe: {{unsubscribeUrl}}',
): Promise<{ id: string; status: string }> {
  const data = await gqlOk(
    url,
    `mutation($i: CreateMailingInput!) { createMailing(input: $i) { ${MAILING_FIELDS} } }`,
    {
      i: {
        name: `Test mailing ${randomBytes(3).toString('hex')}`,
        subject: 'News for {{firstName}}',
        bodyTemplate,
        audience,
      },
    },
    token,
  );
  return data.createMailing;
}

export async function mailingOf(url: string, token: string, id: string) {
  return (await gqlOk(url, `query($id: ID!) { mailing(id: $id) { ${MAILING_FIELDS} } }`, { id }, token)).mailing;
}

/** Polls the mailing until it is SENT and returns it; `timeoutMs` and `what` as for waitFor. */
export async function waitForMailing(
  url: string,
  token: string,
  id: string,
  options: { timeoutMs?: number; what?: string } = {},
) {
  return waitFor(async () => {
    const m = await mailingOf(url, token, id);
    return m.status === 'SENT' ? m : null;
  }, options);
}

/** The header value of a raw message (unfolded). */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
