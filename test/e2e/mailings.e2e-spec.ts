import { Client } from 'pg';
import type { RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createWorld, World } from '../support/fixtures';
import type { SmtpSink } from '../support/smtp-sink';
import { waitFor, sleep } from '../support/wait-for';
import {
  createMailing,
  header,
  mailingOf,
  MAILING_FIELDS,
  MailingStack,
  seedPeople,
  startMailingStack,
  waitForMailing,
} from './mailings-helpers';
import { createContacts, createList } from './press-fixtures';

jest.setTimeout(120_000);

describe('mailings', () => {
  let stack: MailingStack;
  let sink: SmtpSink;
  let api: RunningApi;
  let world: World;
  let client: Client;

  beforeAll(async () => {
    // A few addresses are refused for good, as a provider would for unknown mailboxes.
    // Others fail for now (451) every time, to see retries end in FAILED.
    stack = await startMailingStack(
      {
        MAILING_RATE_PER_SECOND: '1000',
        MAILING_BATCH_SIZE: '100',
        MAILING_RECONCILE_SECONDS: '1',
        MAILING_MAX_ATTEMPTS: '3',
        MAILING_RETRY_BASE_MS: '200',
      },
      {
        reject: (address) => (address.startsWith('reject') ? 550 : address.startsWith('tempfail') ? 451 : undefined),
      },
    );
    ({ sink, api, client } = stack);
    world = await createWorld(api.url);
  });
  afterAll(() => stack?.stop());

  it('sends 2,000 recipients exactly once each, bounces 550s and suppresses late opt-outs', async () => {
    const rejected = await seedPeople(client, world.orgA.id, 3, 'reject');
    const people = await seedPeople(client, world.orgA.id, 2000);
    await client.query(`UPDATE people SET tags = tags || $1::text WHERE id = ANY($2::uuid[])`, [
      people.tag,
      rejected.ids,
    ]);
    // Opted out before the mailing: suppressed when the deliveries are made.
    const before = people.ids.slice(0, 3);
    await client.query(
      `UPDATE people SET email_status = CASE WHEN id = $2 THEN 'BOUNCING' ELSE 'UNSUBSCRIBED' END WHERE id = ANY($1::uuid[])`,
      [before, before[2]],
    );
    // Someone of another organization with the same tag is not in staff A's audience.
    const outsider = await seedPeople(client, world.orgB.id, 1, 'outsider');
    await client.query(`UPDATE people SET tags = tags || $1::text WHERE id = $2`, [people.tag, outsider.ids[0]]);

    const mailing = await createMailing(api.url, world.staffA.token, {
      organizationIds: [world.orgA.id],
      tags: [people.tag],
    });
    expect(mailing.status).toBe('DRAFT');
    const sent = await gqlOk(
      api.url,
      `mutation($id: ID!) { sendMailing(id: $id) { ${MAILING_FIELDS} } }`,
      { id: mailing.id },
      world.staffA.token,
    );
    expect(sent.sendMailing.status).toBe('SENDING');
    // Opted out after sendMailing, before their batch (the last deliveries go out last).
    const { rows: last } = await client.query(
      `SELECT person_id FROM mailing_deliveries WHERE mailing_id = $1 ORDER BY id DESC LIMIT 5`,
      [mailing.id],
    );
    const late = last.map((r) => r.person_id as string);
    await client.query(`UPDATE people SET email_status = 'UNSUBSCRIBED' WHERE id = ANY($1::uuid[])`, [late]);

    const live = await waitFor(
      async () => {
        const m = await mailingOf(api.url, world.staffA.token, mailing.id);
        return m.stats.sent > 0 && m.stats.queued > 0 ? m : null;
      },
      { what: 'progress while sending' },
    );
    expect(live.status).toBe('SENDING');

    const done = await waitForMailing(api.url, world.staffA.token, mailing.id, {
      timeoutMs: 60000,
      what: 'the mailing to be sent',
    });
    expect(done.stats).toEqual({
      recipients: 2003,
      queued: 0,
      sent: 2003 - 3 - 3 - 5,
      failed: 0,
      suppressed: 3 + 5,
      bounced: 3,
    });

    const messages = sink.messages.filter((m) => header(m.raw, 'X-Chorus-Mailing') === mailing.id);
    expect(messages).toHaveLength(1992);
    const byRecipient = new Map<string, number>();
    for (const m of messages) for (const to of m.envelopeTo) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
    expect([...byRecipient.values()].every((n) => n === 1)).toBe(true);
    const suppressed = new Set([...before, ...late]);
    const eligible = people.ids
      .map((id, i) => ({ id, email: people.emails[i], n: i + 1 }))
      .filter((p) => !suppressed.has(p.id));
    expect(eligible.filter((p) => byRecipient.get(p.email) !== 1)).toEqual([]);
    expect(sink.to(outsider.emails[0])).toHaveLength(0);

    // Merge fields and headers of one message.
    const sample = eligible[10];
    const [message] = sink.to(sample.email);
    expect(message.parsed.subject).toBe(`News for First${sample.n}`);
    expect(message.parsed.text).toContain(`Hello First${sample.n} of ${world.orgA.name},`);
    expect(message.parsed.html).toContain(`Hello First${sample.n} of ${world.orgA.name},`);
    expect(message.parsed.messageId).toBe(`<${mailing.id}.${sample.id}@chorus.test>`);
    const listUnsubscribe = header(message.raw, 'List-Unsubscribe')!;
    expect(listUnsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:1\/unsubscribe\/[\w-]+\.[\w-]+>$/);
    expect(header(message.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(message.parsed.text).toContain(listUnsubscribe.slice(1, listUnsubscribe.indexOf('>')));

    const { rows: outcome } = await client.query(
      `SELECT p.email, d.status, p.email_status FROM mailing_deliveries d JOIN people p ON p.id = d.person_id WHERE d.mailing_id = $1 AND d.status <> 'SENT' ORDER BY p.email`,
      [mailing.id],
    );
    expect(outcome.filter((r) => r.status === 'BOUNCED').map((r) => [r.email, r.email_status])).toEqual(
      rejected.emails.sort().map((e) => [e, 'BOUNCING']),
    );
    expect(outcome.filter((r) => r.status === 'SUPPRESSED').length).toBe(8);
    // Each bounce is in the consent log, written in the same statement as the status.
    const { rows: bounceLog } = await client.query(
      `SELECT p.email, e.status, e.source FROM consent_events e JOIN people p ON p.id = e.person_id WHERE e.mailing_id = $1 ORDER BY p.email`,
      [mailing.id],
    );
    expect(bounceLog).toEqual(
      rejected.emails.sort().map((email) => ({ email, status: 'BOUNCING', source: 'MAIL_SYSTEM' })),
    );
    const { rows: lateRows } = await client.query(
      `SELECT status FROM mailing_deliveries WHERE mailing_id = $1 AND person_id = ANY($2::uuid[])`,
      [mailing.id, late],
    );
    expect(lateRows.map((r) => r.status)).toEqual([
      'SUPPRESSED',
      'SUPPRESSED',
      'SUPPRESSED',
      'SUPPRESSED',
      'SUPPRESSED',
    ]);

    // The audit trail: the worker's move to SENT (a raw write) is the mailing's last event, and
    // each bounced person's consent change has its event.
    const { rows: trail } = await client.query(
      `SELECT action, actor_user_id, changes FROM audit_events WHERE entity = 'mailings' AND entity_id = $1 ORDER BY id`,
      [mailing.id],
    );
    expect(trail.at(-1)).toMatchObject({
      action: 'update',
      actor_user_id: null,
      changes: { before: { status: 'SENDING' }, after: { status: 'SENT' } },
    });
    expect(trail.filter((e) => e.changes.after?.status === 'SENT')).toHaveLength(1);
    const { rows: bounceTrail } = await client.query(
      `SELECT entity_id, changes FROM audit_events WHERE entity = 'people' AND action = 'bounce' AND changes->>'mailingId' = $1`,
      [mailing.id],
    );
    expect(bounceTrail.map((e) => e.entity_id).sort()).toEqual([...rejected.ids].sort());
    expect(bounceTrail[0].changes).toMatchObject({
      before: { emailStatus: 'SUBSCRIBED' },
      after: { emailStatus: 'BOUNCING' },
    });
  });

  it('one-click unsubscribe from a received message works once, rejects forged tokens, and the person is never mailed again', async () => {
    const people = await seedPeople(client, world.orgA.id, 3, 'unsub');
    const first = await createMailing(api.url, world.staffA.token, { tags: [people.tag] });
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: first.id }, world.staffA.token);
    await waitForMailing(api.url, world.staffA.token, first.id, { what: 'first mailing sent' });
    const [message] = sink.to(people.emails[0]);
    const url = /<(http[^>]+)>/
      .exec(header(message.raw, 'List-Unsubscribe')!)![1]
      .replace('http://127.0.0.1:1', api.url);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const unchanged = await client.query(`SELECT email_status FROM people WHERE id = $1`, [people.ids[0]]);
    expect(unchanged.rows[0].email_status).toBe('SUBSCRIBED'); // GET (a link scanner) changes nothing

    const token = url.split('/').pop()!;
    const forged = [
      token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6),
      token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
      'not-a-token',
    ];
    for (const bad of forged) {
      const res = await fetch(`${api.url}/unsubscribe/${bad}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(400);
    }

    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    const { rows } = await client.query(
      `SELECT email_status, consent_source, email_status_changed_at FROM people WHERE id = $1`,
      [people.ids[0]],
    );
    expect(rows[0]).toMatchObject({ email_status: 'UNSUBSCRIBED', consent_source: 'ONE_CLICK' });
    const { rows: consent } = await client.query(
      `SELECT status, source, mailing_id FROM consent_events WHERE person_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [people.ids[0]],
    );
    expect(consent[0]).toEqual({ status: 'UNSUBSCRIBED', source: 'ONE_CLICK', mailing_id: first.id });
    const { rows: events } = await client.query(
      `SELECT changes FROM audit_events WHERE entity = 'people' AND entity_id = $1 AND action = 'unsubscribe'`,
      [people.ids[0]],
    );
    expect(events).toHaveLength(1);
    expect(events[0].changes).toMatchObject({
      before: { emailStatus: 'SUBSCRIBED' },
      after: { emailStatus: 'UNSUBSCRIBED' },
      mailingId: first.id,
    });
    const others = await client.query(`SELECT email_status FROM people WHERE id = ANY($1::uuid[])`, [
      people.ids.slice(1),
    ]);
    expect(others.rows.map((r) => r.email_status)).toEqual(['SUBSCRIBED', 'SUBSCRIBED']);

    const second = await createMailing(api.url, world.staffA.token, { tags: [people.tag] });
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: second.id }, world.staffA.token);
    const done = await waitForMailing(api.url, world.staffA.token, second.id, { what: 'second mailing sent' });
    expect(done.stats).toMatchObject({ recipients: 3, sent: 2, suppressed: 1 });
    expect(sink.to(people.emails[0])).toHaveLength(1);
    expect(sink.to(people.emails[1])).toHaveLength(2);
  });

  it('a campaign audience takes the countable signatures (a public one once confirmed), verifiedOnly the verified ones', async () => {
    const signers = await seedPeople(client, world.orgA.id, 5, 'signer');
    const {
      rows: [campaign],
    } = await client.query(
      `INSERT INTO campaigns (slug, title, statement, status) VALUES ($1, 'Fair Pay Now', 'Pay creators.', 'ACTIVE') RETURNING id`,
      [`fair-pay-${signers.tag.split('-').pop()}`],
    );
    // 0 staff, unverified: in; 1 public, not confirmed: out; 2 public, confirmed, verified: in; 3 rejected: out; 4 staff, verified: in.
    await client.query(
      `INSERT INTO signatures (campaign_id, person_id, channel, verification, confirmed_at)
       SELECT $1, unnest($2::uuid[]), unnest($3::text[]), unnest($4::text[]), unnest($5::timestamptz[])`,
      [
        campaign.id,
        signers.ids,
        ['STAFF', 'PUBLIC', 'PUBLIC', 'STAFF', 'STAFF'],
        ['UNVERIFIED', 'UNVERIFIED', 'VERIFIED', 'REJECTED', 'VERIFIED'],
        [null, null, new Date(), null, null],
      ],
    );
    const send = async (audience: Record<string, unknown>) => {
      const mailing = await createMailing(
        api.url,
        world.admin,
        audience,
        'Hello {{firstName}}, thank you for signing {{campaign}}. {{unsubscribeUrl}}',
      );
      await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.admin);
      return waitForMailing(api.url, world.admin, mailing.id, { what: 'the campaign mailing' });
    };
    expect((await send({ campaignId: campaign.id })).stats).toMatchObject({ recipients: 3, sent: 3 });
    expect(signers.emails.map((e) => sink.to(e).length)).toEqual([1, 0, 1, 0, 1]);
    expect(sink.to(signers.emails[2])[0].parsed.text).toContain('thank you for signing Fair Pay Now.');
    expect((await send({ campaignId: campaign.id, verifiedOnly: true })).stats).toMatchObject({
      recipients: 2,
      sent: 2,
    });
    expect(signers.emails.map((e) => sink.to(e).length)).toEqual([1, 0, 2, 0, 2]);
  });

  it('a press list mailing names each contact’s outlet; a contact’s one-click unsubscribe sets do-not-contact once, audited', async () => {
    const contacts = await createContacts(api.url, world.press.token, 2);
    const list = await createList(
      api.url,
      world.press.token,
      contacts.map((c) => c.id),
    );
    const send = async () => {
      const mailing = await createMailing(
        api.url,
        world.press.token,
        { pressListIds: [list] },
        'Dear {{firstName}} at {{organization}}. {{unsubscribeUrl}}',
      );
      await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.press.token);
      return waitForMailing(api.url, world.press.token, mailing.id, { what: 'the press mailing' });
    };
    const first = await send();
    expect(first.stats).toMatchObject({ recipients: 2, sent: 2 });
    const [message] = sink.to(contacts[0].email);
    expect(message.parsed.text).toContain('Dear Reporter at The Daily Test.');

    const url = /<(http[^>]+)>/
      .exec(header(message.raw, 'List-Unsubscribe')!)![1]
      .replace('http://127.0.0.1:1', api.url);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(200);
    }
    const { rows } = await client.query(
      `SELECT id, do_not_contact FROM press_contacts WHERE id = ANY($1::uuid[]) ORDER BY email`,
      [contacts.map((c) => c.id)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.do_not_contact]))).toEqual({
      [contacts[0].id]: true,
      [contacts[1].id]: false,
    });
    const { rows: events } = await client.query(
      `SELECT changes FROM audit_events WHERE entity = 'press_contacts' AND entity_id = $1 AND action = 'unsubscribe'`,
      [contacts[0].id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].changes).toMatchObject({
      before: { doNotContact: false },
      after: { doNotContact: true },
      mailingId: first.id,
    });

    expect((await send()).stats).toMatchObject({ recipients: 2, sent: 1, suppressed: 1 });
    expect(sink.to(contacts[0].email)).toHaveLength(1);
    expect(sink.to(contacts[1].email)).toHaveLength(2);
  });

  it('pause stops sending at once, resume finishes, cancel stops for good', async () => {
    const people = await seedPeople(client, world.orgA.id, 1500, 'pause');
    const mailing = await createMailing(api.url, world.admin, { tags: [people.tag] });
    const receivedOf = (emails: string[]) => {
      const wanted = new Set(emails.map((e) => e.toLowerCase()));
      return sink.messages.filter((m) => wanted.has(m.envelopeTo[0])).length;
    };
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.admin);
    await waitFor(async () => (await mailingOf(api.url, world.admin, mailing.id)).stats.sent >= 100, {
      what: 'some progress',
    });
    const paused = await gqlOk(
      api.url,
      'mutation($id: ID!) { pauseMailing(id: $id) { status } }',
      { id: mailing.id },
      world.admin,
    );
    expect(paused.pauseMailing.status).toBe('PAUSED');
    // Once pauseMailing has answered, only the messages already handed to SMTP (one per connection) arrive.
    const atAnswer = receivedOf(people.emails);
    await waitFor(
      async () =>
        (
          await client.query(`SELECT 1 FROM mailing_deliveries WHERE mailing_id = $1 AND status = 'SENDING' LIMIT 1`, [
            mailing.id,
          ])
        ).rows.length === 0,
      { what: 'the batches in flight to be released' },
    );
    const atPause = (await mailingOf(api.url, world.admin, mailing.id)).stats;
    expect(atPause.sent - atAnswer).toBeLessThanOrEqual(8);
    await sleep(1000);
    const later = (await mailingOf(api.url, world.admin, mailing.id)).stats;
    expect(later.sent).toBe(atPause.sent);
    expect(receivedOf(people.emails)).toBe(atPause.sent);
    expect(later.queued).toBeGreaterThan(0);
    expect(
      (await gql(api.url, 'mutation($id: ID!) { pauseMailing(id: $id) { status } }', { id: mailing.id }, world.admin))
        .errors?.[0].extensions.code,
    ).toBe('CONFLICT');

    await gqlOk(api.url, 'mutation($id: ID!) { resumeMailing(id: $id) { status } }', { id: mailing.id }, world.admin);
    const done = await waitForMailing(api.url, world.admin, mailing.id, {
      timeoutMs: 30000,
      what: 'the resumed mailing to finish',
    });
    expect(done.stats).toMatchObject({ recipients: 1500, sent: 1500, queued: 0 });

    const other = await seedPeople(client, world.orgA.id, 1500, 'cancel');
    const cancelled = await createMailing(api.url, world.admin, { tags: [other.tag] });
    await gqlOk(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: cancelled.id }, world.admin);
    await waitFor(async () => (await mailingOf(api.url, world.admin, cancelled.id)).stats.sent >= 100, {
      what: 'some progress',
    });
    await gqlOk(api.url, 'mutation($id: ID!) { cancelMailing(id: $id) { status } }', { id: cancelled.id }, world.admin);
    await sleep(1500);
    const final = (
      await gqlOk(
        api.url,
        'query($id: ID!) { mailing(id: $id) { status stats { recipients queued sent failed cancelled } } }',
        { id: cancelled.id },
        world.admin,
      )
    ).mailing;
    expect(final.status).toBe('CANCELLED');
    expect(final.stats.sent).toBeLessThan(1500);
    // Those the cancel stopped are not failures.
    expect(final.stats).toEqual({
      recipients: 1500,
      queued: 0,
      sent: final.stats.sent,
      failed: 0,
      cancelled: 1500 - final.stats.sent,
    });
    expect(
      (
        await gql(
          api.url,
          'mutation($id: ID!) { resumeMailing(id: $id) { status } }',
          { id: cancelled.id },
          world.admin,
        )
      ).errors?.[0].extensions.code,
    ).toBe('CONFLICT');
  });

  it('validates input and confines organization staff to their own organization', async () => {
    const create = (token: string, input: Record<string, unknown>) =>
      gql(
        api.url,
        'mutation($i: CreateMailingInput!) { createMailing(input: $i) { id } }',
        { i: { name: 'N', subject: 'S', bodyTemplate: 'B', ...input } },
        token,
      );
    const fieldsOf = (r: Awaited<ReturnType<typeof gql>>) => [
      r.errors?.[0].extensions.code,
      Object.keys(r.errors?.[0].extensions.fields ?? {}).sort(),
    ];
    expect(fieldsOf(await create(world.admin, { audience: {} }))).toEqual(['BAD_USER_INPUT', ['audience']]);
    expect(
      fieldsOf(await create(world.admin, { bodyTemplate: 'Hi {{#if firstName}}', audience: { tags: ['x'] } })),
    ).toEqual(['BAD_USER_INPUT', ['bodyTemplate']]);
    expect(
      fieldsOf(await create(world.admin, { name: '', subject: 'x'.repeat(10000), audience: { campaignId: 'nope' } })),
    ).toEqual(['BAD_USER_INPUT', ['audience.campaignId', 'name', 'subject']]);
    expect(
      fieldsOf(
        await create(world.admin, {
          audience: {
            campaignId: '0193a0b1-1111-7222-8333-444455556666',
            organizationIds: ['0193a0b1-1111-7222-8333-444455556667'],
          },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT', ['audience.campaignId', 'audience.organizationIds']]);
    expect(
      (await create(world.staffA.token, { audience: { organizationIds: [world.orgB.id] } })).errors?.[0].extensions
        .code,
    ).toBe('FORBIDDEN');
    expect((await create(world.press.token, { audience: { tags: ['x'] } })).errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );

    // A staffer's mailing reaches only their organization's members, whatever the tags say.
    const mine = await seedPeople(client, world.orgA.id, 2, 'mine');
    const theirs = await seedPeople(client, world.orgB.id, 2, 'theirs');
    await client.query(`UPDATE people SET tags = ARRAY[$1] WHERE id = ANY($2::uuid[])`, [mine.tag, theirs.ids]);
    const mailing = await createMailing(api.url, world.staffA.token, { tags: [mine.tag] });
    expect(
      (await gqlOk(api.url, `query($id: ID!) { mailing(id: $id) { id } }`, { id: mailing.id }, world.staffB.token))
        .mailing,
    ).toBeNull();
    expect(
      (await gql(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.staffB.token))
        .errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');

    const at = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await gqlOk(
      api.url,
      'mutation($id: ID!, $at: DateTime) { sendMailing(id: $id, at: $at) { status scheduledAt stats { recipients } } }',
      { id: mailing.id, at },
      world.staffA.token,
    );
    expect(scheduled.sendMailing).toMatchObject({ status: 'SCHEDULED', stats: { recipients: 0 } });
    expect(new Date(scheduled.sendMailing.scheduledAt).toISOString()).toBe(at);
    const now = await gqlOk(
      api.url,
      'mutation($id: ID!) { sendMailing(id: $id) { status stats { recipients } } }',
      { id: mailing.id },
      world.staffA.token,
    );
    expect(now.sendMailing).toMatchObject({ status: 'SENDING', stats: { recipients: 2 } });
    await waitForMailing(api.url, world.staffA.token, mailing.id, { what: 'sent' });
    expect(theirs.emails.flatMap((e) => sink.to(e))).toHaveLength(0);
    expect(
      (await gql(api.url, 'mutation($id: ID!) { sendMailing(id: $id) { id } }', { id: mailing.id }, world.staffA.token))
        .errors?.[0].extensions.code,
    ).toBe('CONFLICT');
  });

  it('retries 4xx with backoff, then FAILED; a scheduled mailing starts at its time', async () => {
    const flaky = await seedPeople(client, world.orgA.id, 2, 'tempfail');
    const fine = await seedPeople(client, world.orgA.id, 2, 'fine');
    await client.query(`UPDATE people SET tags = ARRAY[$1] WHERE id = ANY($2::uuid[])`, [flaky.tag, fine.ids]);
    const mailing = await createMailing(api.url, world.admin, { tags: [flaky.tag] });
    const at = new Date(Date.now() + 2500).toISOString();
    const scheduled = await gqlOk(
      api.url,
      'mutation($id: ID!, $at: DateTime) { sendMailing(id: $id, at: $at) { status } }',
      { id: mailing.id, at },
      world.admin,
    );
    expect(scheduled.sendMailing.status).toBe('SCHEDULED');
    await sleep(1500);
    expect((await mailingOf(api.url, world.admin, mailing.id)).status).toBe('SCHEDULED');
    const done = await waitForMailing(api.url, world.admin, mailing.id, {
      timeoutMs: 20000,
      what: 'the scheduled mailing to finish',
    });
    expect(done.stats).toMatchObject({ recipients: 4, sent: 2, failed: 2, bounced: 0 });
    const { rows } = await client.query(
      `SELECT d.attempts, d.error, d.sent_at, m.started_at FROM mailing_deliveries d JOIN mailings m ON m.id = d.mailing_id WHERE d.mailing_id = $1 AND d.status = 'FAILED'`,
      [mailing.id],
    );
    expect(rows.map((r) => r.attempts)).toEqual([3, 3]);
    expect(rows[0].error).toMatch(/451/);
    expect(new Date(rows[0].started_at).getTime()).toBeGreaterThanOrEqual(new Date(at).getTime());
    const { rows: people } = await client.query(`SELECT email_status FROM people WHERE id = ANY($1::uuid[])`, [
      flaky.ids,
    ]);
    expect(people.map((p) => p.email_status)).toEqual(['SUBSCRIBED', 'SUBSCRIBED']); // a 4xx is no bounce
  });
});
