// Done when 4 of issue 4: tasks, reminders once at the right time (short offsets), the daily digest
// of overdue tasks, and the per-user ICS feed parsed with a real iCalendar parser.
import type { INestApplicationContext } from '@nestjs/common';
import * as ical from 'node-ical';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk, login } from '../support/gql';
import { createUser, createWorld, uniqueEmail, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { sleep, waitFor } from '../support/wait-for';
import { startPrivateRedis } from '../support/private-redis';
import { approvedRelease, createContacts, createRelease, schedule } from './press-fixtures';

jest.setTimeout(60000);

const CREATE =
  'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id kind title status dueAt assignee { id } pressContact { id } organization { id } outcome } }';

describe('outreach: tasks, reminders, digest, calendar', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let world: World;
  let assignee: { id: string; email: string; token: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    // Reminders 2 s before the due time; the digest every 2 seconds (once per user and day).
    const env = testEnv({
      SMTP_URL: sink.url,
      OUTREACH_REMINDER_SECONDS: '2',
      OUTREACH_DIGEST_CRON: '*/2 * * * * *',
      OUTREACH_TIMEZONE: 'Europe/Berlin',
    });
    api = await startApi(env);
    worker = await startWorker(env);
    world = await createWorld(api.url);
    assignee = await createUser(api.url, world.admin, 'PRESS_OFFICER');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const task = async (token: string, input: Record<string, unknown>) =>
    (await gqlOk(api.url, CREATE, { i: { kind: 'CALL', title: 'Call', ...input } }, token)).createOutreachTask;

  it('sends the reminder once, at dueAt minus the configured offset', async () => {
    const dueAt = new Date(Date.now() + 4000);
    const created = await task(world.press.token, {
      kind: 'INTERVIEW',
      title: 'Interview with the Daily Test',
      dueAt: dueAt.toISOString(),
      assigneeId: assignee.id,
    });
    expect(created).toMatchObject({ status: 'OPEN', assignee: { id: assignee.id }, dueAt: dueAt.toISOString() });
    const remindAt = dueAt.getTime() - 2000;
    const reminders = () => sink.to(assignee.email).filter((m) => m.parsed.headers.get('x-chorus-task') === created.id);
    await waitFor(() => reminders().length > 0, { timeoutMs: 8000, intervalMs: 20, what: 'the reminder' });
    const arrival = reminders()[0].receivedAt;
    expect(arrival).toBeGreaterThanOrEqual(remindAt);
    expect(arrival - remindAt).toBeLessThan(1000);
    expect(reminders()[0].parsed.subject).toBe('Reminder: Interview with the Daily Test');
    await sleep(3000); // past the due time: still one
    expect(reminders()).toHaveLength(1);
    // Issue 15: the claim of the reminder (a raw write of the task) is in the task's audit trail.
    const trail = await gqlOk(
      api.url,
      `{ auditEvents(entity: "outreach_tasks", entityId: "${created.id}") { edges { node { action changes } } } }`,
      {},
      world.admin,
    );
    const reminderEvents = trail.auditEvents.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.action.startsWith('reminder'));
    expect(reminderEvents.map((n: any) => n.action)).toEqual(['reminder']);
    expect(JSON.parse(reminderEvents[0].changes)).toMatchObject({ assigneeId: assignee.id });
  });

  it('re-arms reminders from PostgreSQL after Redis lost them (FLUSHALL, worker restart)', async () => {
    const redis = await startPrivateRedis();
    const env = testEnv({ SMTP_URL: sink.url, REDIS_URL: redis.url, OUTREACH_REMINDER_SECONDS: '2' });
    const ownApi = await startApi(env);
    let ownWorker = await startWorker(env);
    try {
      const dueAt = new Date(Date.now() + 5000);
      const created = (
        await gqlOk(
          ownApi.url,
          CREATE,
          { i: { kind: 'BRIEFING', title: 'Briefing', dueAt: dueAt.toISOString(), assigneeId: assignee.id } },
          world.press.token,
        )
      ).createOutreachTask;
      await ownWorker.close();
      await redis.flushAll();
      ownWorker = await startWorker(env);
      const reminders = () =>
        sink.to(assignee.email).filter((m) => m.parsed.headers.get('x-chorus-task') === created.id);
      await waitFor(() => reminders().length > 0, { timeoutMs: 8000, intervalMs: 20, what: 'the re-armed reminder' });
      expect(reminders()[0].receivedAt).toBeGreaterThanOrEqual(dueAt.getTime() - 2000);
      expect(reminders()[0].receivedAt - (dueAt.getTime() - 2000)).toBeLessThan(1000);
    } finally {
      await ownWorker.close();
      await ownApi.close();
      await redis.stop();
    }
  });

  it('sends no reminder for a task completed before its reminder time, and records the outcome', async () => {
    // Reminder time is dueAt - 2 s: leave the completion 4 s even on a loaded machine.
    const dueAt = new Date(Date.now() + 6000);
    const created = await task(world.press.token, { dueAt: dueAt.toISOString(), assigneeId: assignee.id });
    const done = await gqlOk(
      api.url,
      'mutation($id: ID!) { completeOutreachTask(id: $id, outcome: "Agreed to run the story") { status outcome } }',
      { id: created.id },
      world.press.token,
    );
    expect(done.completeOutreachTask).toEqual({ status: 'DONE', outcome: 'Agreed to run the story' });
    const again = await gql(
      api.url,
      'mutation($id: ID!) { completeOutreachTask(id: $id) { status } }',
      { id: created.id },
      world.press.token,
    );
    expect(again.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: expect.stringContaining('DONE'),
    });
    await sleep(Math.max(0, dueAt.getTime() - 2000 + 1500 - Date.now()));
    expect(sink.to(assignee.email).filter((m) => m.parsed.headers.get('x-chorus-task') === created.id)).toHaveLength(0);
  });

  it('mails one digest of overdue tasks per assignee with any, once a day', async () => {
    const late = await createUser(api.url, world.admin, 'ORG_STAFF', world.orgA.id);
    const punctual = await createUser(api.url, world.admin, 'ORG_STAFF', world.orgA.id);
    // Both become overdue at the same instant (created in the future, passing while open), so
    // that no digest run can see one without the other.
    const due = new Date(Date.now() + 1500).toISOString();
    await task(world.staffA.token, { title: 'Send the member list', dueAt: due, assigneeId: late.id });
    await task(world.staffA.token, { title: 'Call the guild', dueAt: due, assigneeId: late.id });
    await task(world.staffA.token, {
      title: 'Not yet due',
      dueAt: new Date(Date.now() + 3600_000).toISOString(),
      assigneeId: punctual.id,
    });
    const digests = (email: string) => sink.to(email).filter((m) => m.parsed.headers.get('x-chorus-digest'));
    await waitFor(() => digests(late.email).length > 0, { timeoutMs: 10000, what: 'the digest' });
    expect(digests(late.email)[0].parsed.subject).toBe('2 overdue outreach tasks');
    expect(digests(late.email)[0].parsed.text).toContain('Call the guild');
    await sleep(4500); // two more digest runs
    expect(digests(late.email)).toHaveLength(1);
    expect(digests(punctual.email)).toHaveLength(0);
  });

  it('counts every overdue task in the digest subject, beyond the 50 titles it lists', async () => {
    const busy = await createUser(api.url, world.admin, 'ORG_STAFF', world.orgA.id);
    // All due at one instant a little ahead, so that one digest run sees all 51 overdue.
    const due = new Date(Date.now() + 6000).toISOString();
    await Promise.all(
      Array.from({ length: 51 }, (_, i) =>
        task(world.staffA.token, { title: `Task ${i}`, dueAt: due, assigneeId: busy.id }),
      ),
    );
    const digests = () => sink.to(busy.email).filter((m) => m.parsed.headers.get('x-chorus-digest'));
    await waitFor(() => digests().length > 0, { timeoutMs: 15000, what: 'the digest' });
    expect(digests()[0].parsed.subject).toBe('51 overdue outreach tasks');
    expect(digests()[0].parsed.text).toContain('and 1 more');
  });

  it('serves an RFC 5545 feed with the user’s timed tasks and visible embargo lifts, in their time zone', async () => {
    const [contact] = await createContacts(api.url, world.press.token, 1);
    const interviewAt = new Date(Date.UTC(2030, 6, 15, 13, 30)); // 15:30 in Berlin (summer time)
    const briefingAt = new Date(Date.UTC(2030, 0, 10, 9, 0)); // 10:00 in Berlin (winter time)
    const interview = await task(world.press.token, {
      kind: 'INTERVIEW',
      title: 'Interview on AI training',
      dueAt: interviewAt.toISOString(),
      assigneeId: world.press.id,
      pressContactId: contact.id,
    });
    expect(interview.pressContact).toEqual({ id: contact.id });
    const briefing = await task(world.press.token, {
      kind: 'BRIEFING',
      title: 'Briefing',
      dueAt: briefingAt.toISOString(),
      assigneeId: world.press.id,
    });
    const untimed = await task(world.press.token, { title: 'No time', assigneeId: world.press.id });
    const someoneElses = await task(world.press.token, {
      title: 'Not mine',
      dueAt: interviewAt.toISOString(),
      assigneeId: assignee.id,
    });
    const embargo = new Date(Date.now() + 7 * 86400_000);
    const scheduled = await approvedRelease(api.url, world.press.token, world.admin);
    await schedule(api.url, world.press.token, scheduled, embargo);
    const draft = (await createRelease(api.url, world.press.token)).id;

    const me = await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, world.press.token);
    const path = new URL(me.me.calendarFeedUrl).pathname;
    const response = await fetch(`${api.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await response.text();
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect(byUid.has(`task-${interview.id}@chorus`)).toBe(true);
    expect(byUid.has(`task-${untimed.id}@chorus`)).toBe(false);
    expect(byUid.has(`task-${someoneElses.id}@chorus`)).toBe(false);
    expect(byUid.has(`embargo-${draft}@chorus`)).toBe(false);
    const i = byUid.get(`task-${interview.id}@chorus`)!;
    expect((i.start as Date).toISOString()).toBe(interviewAt.toISOString());
    expect((i.start as ical.DateWithTimeZone).tz).toBe('Europe/Berlin');
    expect(text).toMatch(/DTSTART;TZID=Europe\/Berlin:20300715T153000/);
    expect((i.end as Date).getTime() - interviewAt.getTime()).toBe(3600_000);
    const b = byUid.get(`task-${briefing.id}@chorus`)!;
    expect((b.start as Date).toISOString()).toBe(briefingAt.toISOString());
    expect(text).toMatch(/DTSTART;TZID=Europe\/Berlin:20300110T100000/);
    const lift = byUid.get(`embargo-${scheduled}@chorus`)!;
    expect((lift.start as Date).getTime()).toBe(Math.floor(embargo.getTime() / 1000) * 1000);
    expect(lift.summary).toMatch(/^Embargo lifts: /);

    // Another zone on request; union staff never see an unpublished release's lift.
    expect(await (await fetch(`${api.url}${path}?tz=America/New_York`)).text()).toMatch(
      /DTSTART;TZID=America\/New_York:20300715T093000/,
    );
    const staffFeed = await (
      await fetch(
        `${api.url}${new URL((await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, world.staffA.token)).me.calendarFeedUrl).pathname}`,
      )
    ).text();
    expect(staffFeed).not.toContain(`embargo-${scheduled}`);
  });

  it('keeps the feed well-formed: a line break in the user’s name adds no line, stamps in UTC that move when the event changes', async () => {
    const email = uniqueEmail('press');
    const name = 'Eve\r\nX-INJECTED:yes';
    await gqlOk(
      api.url,
      'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { email, name, password: 'a-long-test-password', role: 'PRESS_OFFICER' } },
      world.admin,
    );
    const token = await login(api.url, email, 'a-long-test-password');
    const id = await approvedRelease(api.url, token, world.admin);
    await schedule(api.url, token, id, new Date(Date.now() + 86400_000));
    const feedPath = new URL((await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, token)).me.calendarFeedUrl)
      .pathname;
    const feed = async () => (await fetch(`${api.url}${feedPath}`)).text();
    const stampOf = (text: string) =>
      /DTSTAMP:(\d{8}T\d{6}Z)/.exec(text.split('BEGIN:VEVENT').find((e) => e.includes(`embargo-${id}@chorus`))!)![1];

    const before = await feed();
    expect(before).not.toMatch(/^X-INJECTED/m);
    expect(before).toContain('X-WR-CALNAME:Chorus – Eve X-INJECTED:yes\r\n');
    const stamps = before.match(/^DTSTAMP:.*$/gm)!;
    expect(stamps.length).toBeGreaterThan(0);
    for (const stamp of stamps) expect(stamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/);

    await sleep(1100); // stamps have whole seconds
    await schedule(api.url, token, id, new Date(Date.now() + 2 * 86400_000));
    const after = await feed();
    expect(stampOf(after) > stampOf(before)).toBe(true);
  });

  it('answers 404 for a wrong or revoked token', async () => {
    expect((await fetch(`${api.url}/calendar/not-a-real-token-at-all-123456.ics`)).status).toBe(404);
    expect((await fetch(`${api.url}/calendar/short.ics`)).status).toBe(404);
    const before = new URL((await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, assignee.token)).me.calendarFeedUrl)
      .pathname;
    await gqlOk(api.url, 'mutation { rotateCalendarToken { id } }', {}, assignee.token);
    expect((await fetch(`${api.url}${before}`)).status).toBe(404);
  });

  it('scopes tasks: union staff see their organization’s and their own, and cannot target press contacts', async () => {
    const mine = await task(world.staffA.token, { title: 'Org A task', organizationId: world.orgA.id });
    const press = await task(world.press.token, { title: 'Press task' });
    const staffList = await gqlOk(
      api.url,
      '{ outreachTasks(first: 200) { totalCount edges { node { id } } } }',
      {},
      world.staffA.token,
    );
    const ids = staffList.outreachTasks.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(press.id);
    // The press desk does not see, change or delete a union's own tasks (their titles name members).
    const pressList = await gqlOk(
      api.url,
      '{ outreachTasks(first: 200) { edges { node { id } } } }',
      {},
      world.press.token,
    );
    const pressIds = pressList.outreachTasks.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(pressIds).toContain(press.id);
    expect(pressIds).not.toContain(mine.id);
    for (const mutation of [
      'mutation($id: ID!) { updateOutreachTask(id: $id, input: { title: "Hijacked" }) { id } }',
      'mutation($id: ID!) { deleteOutreachTask(id: $id) }',
    ])
      expect((await gql(api.url, mutation, { id: mine.id }, world.press.token)).errors?.[0].extensions.code).toBe(
        'NOT_FOUND',
      );
    expect(
      (
        await gql(
          api.url,
          'mutation($id: ID!) { completeOutreachTask(id: $id) { id } }',
          { id: press.id },
          world.staffA.token,
        )
      ).errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    const [contact] = await createContacts(api.url, world.press.token, 1);
    expect(
      (await gql(api.url, CREATE, { i: { kind: 'CALL', title: 'x', pressContactId: contact.id } }, world.staffA.token))
        .errors?.[0].extensions.code,
    ).toBe('FORBIDDEN');
    const otherOrgUser = world.staffB.id;
    const bad = await gql(api.url, CREATE, { i: { kind: 'NOPE', title: '' } }, world.staffA.token);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const untimedInterview = await gql(
      api.url,
      CREATE,
      { i: { kind: 'INTERVIEW', title: 'Interview' } },
      world.press.token,
    );
    expect(untimedInterview.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { dueAt: 'is required for interviews and briefings' },
    });
    const twoTargets = await gql(
      api.url,
      CREATE,
      { i: { kind: 'CALL', title: 'x', organizationId: world.orgA.id, pressContactId: contact.id } },
      world.press.token,
    );
    expect(twoTargets.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const foreign = await gql(
      api.url,
      CREATE,
      { i: { kind: 'CALL', title: 'x', assigneeId: otherOrgUser } },
      world.staffA.token,
    );
    expect(foreign.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { assigneeId: expect.any(String) },
    });
    // A person target goes through the CRM's scope: staff of org A may target only org A's people.
    const mkPerson = async () =>
      (
        await gqlOk(
          api.url,
          'mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }',
          { i: { email: `p.${Date.now()}.${Math.random().toString(36).slice(2)}@example.test`, firstName: 'Ada' } },
          world.admin,
        )
      ).createPerson.id;
    const [inA, inB] = [await mkPerson(), await mkPerson()];
    await gqlOk(
      api.url,
      'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id } }',
      { i: { personId: inA, organizationId: world.orgA.id, role: 'MEMBER' } },
      world.admin,
    );
    await gqlOk(
      api.url,
      'mutation($i: AddMembershipInput!) { addMembership(input: $i) { id } }',
      { i: { personId: inB, organizationId: world.orgB.id, role: 'MEMBER' } },
      world.admin,
    );
    const call = (
      await gqlOk(
        api.url,
        'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id person { id firstName } } }',
        { i: { kind: 'CALL', title: 'Call Ada', personId: inA } },
        world.staffA.token,
      )
    ).createOutreachTask;
    expect(call.person).toEqual({ id: inA, firstName: 'Ada' });
    const outOfScope = await gql(
      api.url,
      CREATE,
      { i: { kind: 'CALL', title: 'x', personId: inB } },
      world.staffA.token,
    );
    expect(outOfScope.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { personId: expect.any(String) },
    });
    const byAdmin = (
      await gqlOk(
        api.url,
        'mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { id } }',
        { i: { kind: 'CALL', title: 'Call B', personId: inB, assigneeId: world.staffA.id } },
        world.admin,
      )
    ).createOutreachTask;
    const seenByStaff = await gqlOk(
      api.url,
      `{ outreachTasks(first: 200, assigneeId: "${world.staffA.id}") { edges { node { id person { id } } } } }`,
      {},
      world.staffA.token,
    );
    expect(
      seenByStaff.outreachTasks.edges.find((e: { node: { id: string } }) => e.node.id === byAdmin.id).node.person,
    ).toBeNull();

    const assigned = await task(world.press.token, { title: 'Assigned and done', assigneeId: assignee.id });
    await gqlOk(
      api.url,
      'mutation($id: ID!) { completeOutreachTask(id: $id) { id } }',
      { id: assigned.id },
      world.press.token,
    );
    const filtered = await gqlOk(
      api.url,
      `{ outreachTasks(assigneeId: "${assignee.id}", status: DONE) { edges { node { status assignee { id } } } } }`,
      {},
      world.admin,
    );
    expect(filtered.outreachTasks.edges.length).toBeGreaterThan(0);
    for (const e of filtered.outreachTasks.edges)
      expect(e.node).toEqual({ status: 'DONE', assignee: { id: assignee.id } });
  });
});
