// QA review: press release emails gave journalists no way to opt out, did not name the co-signing
// organizations and addressed the bare address. Each email now carries the contact's own signed
// opt-out link (footer and RFC 8058 headers), the co-signers and the contact's name in To:.
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { createOrganization, createWorld, unique, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink, ReceivedMail } from '../support/smtp-sink';
import { database } from '../support/db';
import { sleep, waitFor } from '../support/wait-for';
import { header } from './mailings-helpers';
import { approvedRelease, createContacts, createList, schedule } from './press-fixtures';

jest.setTimeout(60000);

const PUBLIC_URL = 'http://127.0.0.1:1';

describe('press: opting out of press releases', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let client: Client;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const env = testEnv({ SMTP_URL: sink.url, PRESS_EARLY_WAKE_MS: '500', PUBLIC_URL });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
    client = await database();
  });
  afterAll(async () => {
    await client?.end();
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const ofRelease = (id: string) => sink.messages.filter((m) => header(m.raw, 'X-Chorus-Press-Release') === id);
  const mailTo = (id: string, email: string) => ofRelease(id).filter((m) => m.envelopeTo.includes(email.toLowerCase()));
  const doNotContact = async (contactId: string) =>
    (await client.query(`SELECT do_not_contact FROM press_contacts WHERE id = $1`, [contactId])).rows[0].do_not_contact;
  /** Publishes a release to the lists 2 s from now and waits for its emails to these addresses. */
  const publish = async (lists: string[], organizationIds: string[], expected: string[]) => {
    const id = await approvedRelease(api.url, world.press.token, world.admin, {
      pressListIds: lists,
      organizationIds,
    });
    await schedule(api.url, world.press.token, id, new Date(Date.now() + 2000));
    await waitFor(() => expected.every((email) => mailTo(id, email).length > 0), {
      timeoutMs: 10000,
      what: 'an email per contact',
    });
    return id;
  };
  const linkOf = (mail: ReceivedMail) => /^<([^>]+)>$/.exec(header(mail.raw, 'List-Unsubscribe') ?? '')?.[1];
  const post = (url: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  it('each email names the co-signers, the contact and carries their one-click opt-out; a POST opts out, a GET or a forged link does nothing', async () => {
    // Five co-signing organizations, two press lists, a contact on both.
    const organizations = [
      world.orgA,
      world.orgB,
      ...(await Promise.all([1, 2, 3].map(() => createOrganization(api.url, world.admin, unique('Co-signer'))))),
    ];
    const [jane] = await createContacts(api.url, world.press.token, 1, { name: 'Doe, Jane "JJ"' });
    const [ana, ben] = await createContacts(api.url, world.press.token, 2);
    const listA = await createList(api.url, world.press.token, [jane.id, ana.id]);
    const listB = await createList(api.url, world.press.token, [jane.id, ben.id]);
    const all = [jane, ana, ben];
    const first = await publish(
      [listA, listB],
      organizations.map((o) => o.id),
      all.map((c) => c.email),
    );

    await sleep(300); // a duplicate would show up here
    for (const contact of all) expect(mailTo(first, contact.email)).toHaveLength(1);
    const [mail] = mailTo(first, jane.email);
    // To: names the contact (quoted: the name has a comma and quotes); the envelope is the address alone.
    expect(mail.parsed.to).toMatchObject({ value: [{ name: 'Doe, Jane "JJ"', address: jane.email }] });
    expect(mail.envelopeTo).toEqual([jane.email.toLowerCase()]);
    // The co-signers, every one of them, on one plain line.
    const names = organizations.map((o) => o.name).sort((a, b) => a.localeCompare(b));
    expect(mail.parsed.text).toContain(`\n\nCo-signed by: ${names.join(', ')}\n`);
    // RFC 8058: the http(s) link and the one-click POST header; the same link in the footer.
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const link = linkOf(mail)!;
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/unsubscribe/press/[\\w-]{43}\\.[\\w-]{22}$`));
    expect(mail.parsed.text).toContain(`To stop receiving press releases from us: ${link}`);
    // Per contact: everyone has a link of their own.
    expect(new Set(all.map((c) => linkOf(mailTo(first, c.email)[0]))).size).toBe(3);
    const at = (url: string) => url.replace(PUBLIC_URL, api.url);

    // A GET (a mail scanner prefetching the link) shows a button and changes nothing.
    const page = await fetch(at(link));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toMatch(/<form method="post"><button type="submit">/);
    expect(await doNotContact(jane.id)).toBe(false);

    // Forged links are refused and change nothing: a changed MAC, another contact's id under
    // Jane's MAC, a token made up, a mailing's unsubscribe-shaped token.
    const token = link.split('/').pop()!;
    const [payload, mac] = token.split('.');
    const anaPayload = linkOf(mailTo(first, ana.email)[0])!.split('/').pop()!.split('.')[0];
    const forged = [
      `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`,
      `${anaPayload}.${mac}`,
      `${'A'.repeat(43)}.${'A'.repeat(22)}`,
      `${'A'.repeat(44)}.${'A'.repeat(22)}`,
    ];
    for (const bad of forged) {
      const refused = await post(`${api.url}/unsubscribe/press/${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('cache-control')).toBe('no-store');
      expect((await fetch(`${api.url}/unsubscribe/press/${bad}`)).status).toBe(400);
    }
    expect(await doNotContact(jane.id)).toBe(false);
    expect(await doNotContact(ana.id)).toBe(false);

    // The one-click POST opts Jane out (audited), and a second click answers the same.
    const done = await post(at(link));
    expect(done.status).toBe(200);
    expect(done.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await done.text()).toContain('no more press releases');
    expect(await doNotContact(jane.id)).toBe(true);
    expect((await post(at(link))).status).toBe(200);
    const { rows: audit } = await client.query(
      `SELECT changes FROM audit_events WHERE entity = 'press_contacts' AND entity_id = $1 AND action = 'unsubscribe'`,
      [jane.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toEqual({
      before: { doNotContact: false },
      after: { doNotContact: true },
      pressReleaseId: first,
    });
    expect(await doNotContact(ana.id)).toBe(false);
    expect(await doNotContact(ben.id)).toBe(false);

    // A later release to the same lists skips her; the others still get it.
    const second = await publish([listA, listB], [world.orgA.id], [ana.email, ben.email]);
    await sleep(500);
    expect(mailTo(second, jane.email)).toHaveLength(0);
    expect(mailTo(second, ana.email)).toHaveLength(1);
    expect(mailTo(second, ben.email)).toHaveLength(1);
    expect(mailTo(second, ana.email)[0].parsed.text).toContain(`\n\nCo-signed by: ${world.orgA.name}\n`);
  });
});
