import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../../support/app';
import { database } from '../../support/db';
import { createWorld, unique, uniqueEmail, World } from '../../support/fixtures';
import { gql, gqlOk } from '../../support/gql';
import { startSmtpSink, SmtpSink } from '../../support/smtp-sink';
import { waitFor } from '../../support/wait-for';

/** What the gdpr- test files run against: API, worker, mail sink, the fixture world, a database client. */
export interface GdprStack {
  api: RunningApi;
  worker: INestApplicationContext;
  sink: SmtpSink;
  world: World;
  db: Client;
}

export async function startGdprStack(): Promise<GdprStack> {
  const sink = await startSmtpSink();
  const env = testEnv({ SMTP_URL: sink.url, PUBLIC_URL: 'http://chorus.test' });
  const api = await startApi(env);
  const worker = await startWorker(env);
  return { api, worker, sink, world: await createWorld(api.url), db: await database() };
}

export async function stopGdprStack(stack: GdprStack | undefined): Promise<void> {
  if (!stack) return;
  await stack.db.end();
  await stack.worker.close();
  await stack.api.close();
  await stack.sink.close();
}

export const PERSON_FIELDS =
  'id email firstName lastName emailStatus tags erasedAt memberships { organization { id } } signatures { id campaign { id } }';

export async function createPerson(
  stack: GdprStack,
  token: string,
  input: Record<string, unknown> = {},
): Promise<{ id: string; email: string; firstName: string; lastName: string | null }> {
  const i = {
    email: uniqueEmail('gdpr'),
    firstName: unique('First').replace(' ', ''),
    lastName: unique('Last').replace(' ', ''),
    ...input,
  };
  return (
    await gqlOk(
      stack.api.url,
      `mutation($i: CreatePersonInput!) { createPerson(input: $i) { ${PERSON_FIELDS} } }`,
      { i },
      token,
    )
  ).createPerson;
}

export async function addMembership(stack: GdprStack, personId: string, organizationId: string): Promise<void> {
  await gqlOk(
    stack.api.url,
    'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id } }',
    { i: { personId, organizationId, role: 'MEMBER' } },
    stack.world.admin,
  );
}

export async function createActiveCampaign(stack: GdprStack): Promise<{ id: string; slug: string }> {
  const slug = `gdpr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const campaign = (
    await gqlOk(
      stack.api.url,
      'mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { id slug } }',
      { i: { slug, title: `Campaign ${slug}`, statement: 'We demand licensing.' } },
      stack.world.admin,
    )
  ).createCampaign;
  await gqlOk(
    stack.api.url,
    'mutation($id: ID!) { activateCampaign(id: $id) { status } }',
    { id: campaign.id },
    stack.world.admin,
  );
  return campaign;
}

export async function recordSignature(
  stack: GdprStack,
  campaignId: string,
  personId: string,
  recruitedByOrganizationId?: string,
): Promise<string> {
  const input = { campaignId, personId, recruitedByOrganizationId, publicDisplay: true, displayTitle: 'Actor' };
  return (
    await gqlOk(
      stack.api.url,
      'mutation($i: RecordSignatureInput!) { recordSignature(input: $i) { id } }',
      { i: input },
      stack.world.admin,
    )
  ).recordSignature.id;
}

/** A public sign-up, and (unless `confirm` is false) the signer's click on the emailed link. */
export async function signPublicly(
  stack: GdprStack,
  slug: string,
  input: Record<string, unknown> & { email: string },
  confirm = true,
): Promise<void> {
  const before = stack.sink.to(input.email).length;
  const result = await gql(stack.api.url, 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }', {
    i: {
      slug,
      firstName: 'Signer',
      publicDisplay: true,
      consentText: 'I agree to hear about this campaign.',
      ...input,
    },
  });
  expect(result.data).toEqual({ signCampaign: true });
  if (!confirm) return;
  const mail = await waitFor(() => stack.sink.to(input.email)[before], {
    what: `the confirmation email to ${input.email}`,
  });
  const path = /http:\/\/chorus\.test(\/confirm\/[\w.-]+)/.exec(mail.parsed.text ?? '')![1];
  expect((await fetch(`${stack.api.url}${path}`, { method: 'POST' })).status).toBe(200);
}

export const code = (result: { errors?: { extensions: { code: string } }[] }) =>
  result.errors?.[0]?.extensions.code ?? 'OK';
