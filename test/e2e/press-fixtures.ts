// Helpers shared by the press e2e specs: a press list with contacts and a release walked up to APPROVED.
import { gqlOk } from '../support/gql';
import { unique, uniqueEmail } from '../support/fixtures';

const RELEASE_FIELDS = 'id title status embargoUntil publishedAt organizations { id } pressLists { id }';

export async function createContacts(
  url: string,
  token: string,
  count: number,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; email: string }[]> {
  const contacts = [];
  for (let i = 0; i < count; i++) {
    const input = {
      name: unique('Reporter'),
      email: uniqueEmail('reporter'),
      outletName: 'The Daily Test',
      beat: 'tech',
      ...extra,
    };
    contacts.push(
      (
        await gqlOk(
          url,
          'mutation($i: CreatePressContactInput!) { createPressContact(input: $i) { id email } }',
          { i: input },
          token,
        )
      ).createPressContact,
    );
  }
  return contacts;
}

export async function createList(url: string, token: string, contactIds: string[]): Promise<string> {
  return (
    await gqlOk(
      url,
      'mutation($n: String!, $c: [ID!]!) { createPressList(name: $n, contactIds: $c) { id } }',
      { n: unique('Reporters'), c: contactIds },
      token,
    )
  ).createPressList.id;
}

export async function createRelease(
  url: string,
  token: string,
  input: Record<string, unknown> = {},
): Promise<{ id: string; status: string }> {
  const i = { title: unique('Release'), body: 'Creators demand consent, credit and compensation.', ...input };
  return (
    await gqlOk(
      url,
      `mutation($i: CreatePressReleaseInput!) { createPressRelease(input: $i) { ${RELEASE_FIELDS} } }`,
      { i },
      token,
    )
  ).createPressRelease;
}

/** DRAFT → IN_REVIEW (author) → APPROVED (an admin who is not the author). */
export async function approvedRelease(
  url: string,
  authorToken: string,
  adminToken: string,
  input: Record<string, unknown> = {},
): Promise<string> {
  const { id } = await createRelease(url, authorToken, input);
  await gqlOk(url, 'mutation($id: ID!) { submitPressRelease(id: $id) { id } }', { id }, authorToken);
  await gqlOk(url, 'mutation($id: ID!) { approvePressRelease(id: $id) { id } }', { id }, adminToken);
  return id;
}

export async function schedule(url: string, token: string, id: string, at: Date) {
  return (
    await gqlOk(
      url,
      `mutation($id: ID!, $at: DateTime!) { schedulePressRelease(id: $id, embargoUntil: $at) { ${RELEASE_FIELDS} } }`,
      { id, at: at.toISOString() },
      token,
    )
  ).schedulePressRelease;
}

/** A release's status and publishedAt, as `token` sees it. */
export const statusOf = async (url: string, token: string, id: string) =>
  (await gqlOk(url, '{ pressRelease(id: "' + id + '") { status publishedAt } }', {}, token)).pressRelease;

export async function publicTitles(url: string): Promise<string[]> {
  return (await gqlOk(url, '{ publishedPressReleases { id title publishedAt } }')).publishedPressReleases.map(
    (r: { id: string }) => r.id,
  );
}
