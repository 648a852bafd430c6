// Issue 13 (everyday work), outreach tasks: reschedule (the reminder moves, the calendar feed shows
// the new time), reassign, change the target, cancel and delete; scoping and bad input.
import type { INestApplicationContext } from '@nestjs/common';
import * as ical from 'node-ical';
import { startApi, startWorker, testEnv, RunningApi } from '../support/app';
import { gql, gqlOk } from '../support/gql';
import { createUser, createWorld, World } from '../support/fixtures';
import { startSmtpSink, SmtpSink } from '../support/smtp-sink';
import { sleep, waitFor } from '../support/wait-for';
import { createContacts } from './press-fixtures';

jest.setTimeout(90000);

const FIELDS = 'id kind title status dueAt outcome assignee { id } organization { id } pressContact { id }';
const CREATE = `mutation($i: CreateOutreachTaskInput!) { createOutreachTask(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateOutreachTaskInput!) { updateOutreachTask(id: $id, input: $i) { ${FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOutreachTask(id: $id, reason: $reason) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!) { deleteOutreachTask(id: $id) }';

describe('crm2: outreach tasks rescheduled, reassigned, cancelled, deleted', () => {
  let sink: SmtpSink;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let w: World;
  let assignee: { id: string; email: string; token: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    // Reminders 2 s before the due time.
    const env = testEnv({ SMTP_URL: sink.url, OUTREACH_REMINDER_SECONDS: '2', OUTREACH_TIMEZONE: 'UTC' });
    api = await startApi(env);
    worker = await startWorker(env);
    w = await createWorld(api.url);
    assignee = await createUser(api.url, w.admin, 'PRESS_OFFICER');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.close();
  });

  const create = async (token: string, input: Record<string, unknown>) =>
    (await gqlOk(api.url, CREATE, { i: { kind: 'CALL', title: 'Call', ...input } }, token)).createOutreachTask;
  const remindersOf = (email: string, taskId: string) =>
    sink.to(email).filter((m) => m.parsed.headers.get('x-chorus-task') === taskId);
  const errorOf = (result: { errors?: { extensions: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions;
  async function feedEvents(token: string): Promise<Map<string, ical.VEvent>> {
    const url = new URL((await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, token)).me.calendarFeedUrl);
    const text = await (await fetch(`${api.url}${url.pathname}`)).text();
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    return new Map(events.map((e) => [e.uid, e]));
  }

  it('rescheduling moves the reminder to the new time (none at the old one) and the feed shows the new time', async () => {
    // Whole seconds: the feed's times have no milliseconds.
    const inWholeSeconds = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
    const firstDue = inWholeSeconds(5000);
    const task = await create(w.press.token, {
      kind: 'INTERVIEW',
      title: 'Interview with the Daily Test',
      dueAt: firstDue.toISOString(),
      assigneeId: assignee.id,
    });
    const before = (await feedEvents(assignee.token)).get(`task-${task.id}@chorus`)!;
    expect((before.start as Date).toISOString()).toBe(firstDue.toISOString());

    const newDue = inWholeSeconds(9000);
    await sleep(1100); // SEQUENCE counts seconds: the reschedule comes in a later one
    const moved = (await gqlOk(api.url, UPDATE, { id: task.id, i: { dueAt: newDue.toISOString() } }, w.press.token))
      .updateOutreachTask;
    expect(moved).toMatchObject({
      id: task.id,
      dueAt: newDue.toISOString(),
      status: 'OPEN',
      title: 'Interview with the Daily Test',
    });
    const after = (await feedEvents(assignee.token)).get(`task-${task.id}@chorus`)!;
    expect((after.start as Date).toISOString()).toBe(newDue.toISOString());
    expect((after.dtstamp as Date).getTime()).toBeGreaterThanOrEqual((before.dtstamp as Date).getTime());
    // RFC 5545: a revision (here a new time) comes with a higher SEQUENCE, so clients replace the old one.
    expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));

    // The old reminder time (firstDue - 2 s) passes without a mail; the new one comes on time.
    await sleep(Math.max(0, firstDue.getTime() - Date.now() + 500));
    expect(remindersOf(assignee.email, task.id)).toHaveLength(0);
    await waitFor(() => remindersOf(assignee.email, task.id).length > 0, {
      timeoutMs: 10000,
      intervalMs: 20,
      what: 'the moved reminder',
    });
    const arrival = remindersOf(assignee.email, task.id)[0].receivedAt;
    expect(arrival).toBeGreaterThanOrEqual(newDue.getTime() - 2000);
    expect(arrival - (newDue.getTime() - 2000)).toBeLessThan(1500);
    expect(remindersOf(assignee.email, task.id)[0].parsed.text).toContain('Interview with the Daily Test');
  });

  it('the feed places far-off meetings and the repeated hour of a clock change right', async () => {
    // 2031: beyond a fixed window of years; 05:30Z on 2027-11-07 is 01:30 EDT, and its end 01:30 EST.
    const far = await create(w.press.token, {
      kind: 'MEETING',
      title: 'Far meeting',
      dueAt: '2031-03-10T13:30:00Z',
      assigneeId: assignee.id,
    });
    const fallBack = await create(w.press.token, {
      kind: 'MEETING',
      title: 'Fall-back meeting',
      dueAt: '2027-11-07T05:30:00Z',
      assigneeId: assignee.id,
    });
    // This file's API runs its feeds in UTC: ask for New York's, which has clock changes.
    const url = new URL((await gqlOk(api.url, '{ me { calendarFeedUrl } }', {}, assignee.token)).me.calendarFeedUrl);
    const text = await (await fetch(`${api.url}${url.pathname}?tz=America/New_York`)).text();
    expect(text).toContain('DTSTART:20310309T020000'); // the VTIMEZONE reaches 2031's change
    const events = new Map(
      Object.values(ical.sync.parseICS(text))
        .filter((c): c is ical.VEvent => c?.type === 'VEVENT')
        .map((e) => [e.uid, e]),
    );
    expect(text).toContain('DTSTART;TZID=America/New_York:20310310T093000');
    expect((events.get(`task-${far.id}@chorus`)!.start as Date).toISOString()).toBe('2031-03-10T13:30:00.000Z');
    const repeated = events.get(`task-${fallBack.id}@chorus`)!;
    expect((repeated.start as Date).toISOString()).toBe('2027-11-07T05:30:00.000Z');
    expect((repeated.end as Date).toISOString()).toBe('2027-11-07T06:30:00.000Z');
    expect(text).toContain('DTEND:20271107T063000Z'); // in UTC: 01:30 local would read as the first 01:30
  });

  it('reassigning sends the reminder to the new assignee, and a reminder already sent is owed again after a reschedule', async () => {
    const other = await createUser(api.url, w.admin, 'PRESS_OFFICER');
    const due = new Date(Date.now() + 5000);
    const task = await create(w.press.token, {
      title: 'Follow up on the op-ed',
      dueAt: due.toISOString(),
      assigneeId: assignee.id,
    });
    const reassigned = (await gqlOk(api.url, UPDATE, { id: task.id, i: { assigneeId: other.id } }, w.press.token))
      .updateOutreachTask;
    expect(reassigned.assignee).toEqual({ id: other.id });
    await waitFor(() => remindersOf(other.email, task.id).length > 0, {
      timeoutMs: 10000,
      intervalMs: 20,
      what: 'the reminder of the new assignee',
    });
    expect(remindersOf(assignee.email, task.id)).toHaveLength(0);
    expect((await feedEvents(other.token)).has(`task-${task.id}@chorus`)).toBe(true);
    expect((await feedEvents(assignee.token)).has(`task-${task.id}@chorus`)).toBe(false);

    // Reminded already; pushed back by a few seconds: reminded again for the new time.
    const later = new Date(Date.now() + 4000);
    await gqlOk(api.url, UPDATE, { id: task.id, i: { dueAt: later.toISOString() } }, w.press.token);
    await waitFor(() => remindersOf(other.email, task.id).length > 1, {
      timeoutMs: 10000,
      intervalMs: 20,
      what: 'the second reminder',
    });
    expect(remindersOf(other.email, task.id)[1].receivedAt).toBeGreaterThanOrEqual(later.getTime() - 2000);
  });

  it('cancelling stops the reminder and takes the task off the feed; a cancelled or done task cannot change', async () => {
    const due = new Date(Date.now() + 4000);
    const task = await create(w.press.token, {
      kind: 'BRIEFING',
      title: 'Briefing',
      dueAt: due.toISOString(),
      assigneeId: assignee.id,
    });
    const cancelled = (await gqlOk(api.url, CANCEL, { id: task.id, reason: 'Reporter left the outlet' }, w.press.token))
      .cancelOutreachTask;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', outcome: 'Reporter left the outlet' });
    expect((await feedEvents(assignee.token)).has(`task-${task.id}@chorus`)).toBe(false);
    expect(errorOf(await gql(api.url, CANCEL, { id: task.id }, w.press.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is CANCELLED' },
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: task.id, i: { title: 'Again' } }, w.press.token))).toMatchObject({
      code: 'CONFLICT',
      fields: { status: 'is CANCELLED' },
    });
    await sleep(Math.max(0, due.getTime() - Date.now() + 300));
    expect(remindersOf(assignee.email, task.id)).toHaveLength(0);
  });

  it('changes the target (one at a time) and deletes a task with its reminder; the audit trail keeps both', async () => {
    const [contact] = await createContacts(api.url, w.press.token, 1);
    const task = await create(w.press.token, { title: 'Pitch the story', organizationId: w.orgA.id });
    const retargeted = (await gqlOk(api.url, UPDATE, { id: task.id, i: { pressContactId: contact.id } }, w.press.token))
      .updateOutreachTask;
    expect(retargeted).toMatchObject({ pressContact: { id: contact.id }, organization: null });
    const twoTargets = await gql(
      api.url,
      UPDATE,
      { id: task.id, i: { organizationId: w.orgA.id, pressContactId: contact.id } },
      w.press.token,
    );
    expect(errorOf(twoTargets)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { personId: expect.stringContaining('one target') },
    });
    expect(errorOf(await gql(api.url, UPDATE, { id: task.id, i: { kind: 'INTERVIEW' } }, w.press.token))).toMatchObject(
      { code: 'BAD_USER_INPUT', fields: { dueAt: 'is required for interviews and briefings' } },
    );
    expect(
      errorOf(await gql(api.url, UPDATE, { id: task.id, i: { dueAt: '2030-01-01T09:00:00' } }, w.press.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorOf(await gql(api.url, UPDATE, { id: task.id, i: { title: null } }, w.press.token))).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { title: 'must not be null' },
    });

    const due = new Date(Date.now() + 4000);
    const timed = await create(w.press.token, { title: 'Timed', dueAt: due.toISOString(), assigneeId: assignee.id });
    expect((await gqlOk(api.url, DELETE, { id: timed.id }, w.press.token)).deleteOutreachTask).toBe(true);
    expect((await feedEvents(assignee.token)).has(`task-${timed.id}@chorus`)).toBe(false);
    const trail = (
      await gqlOk(
        api.url,
        `{ auditEvents(entity: "outreach_tasks", entityId: "${timed.id}") { edges { node { action changes } } } }`,
        {},
        w.admin,
      )
    ).auditEvents.edges.map((e: any) => e.node);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['create', 'delete']);
    expect(JSON.parse(trail[1].changes).before).toMatchObject({ title: 'Timed' });
    expect(errorOf(await gql(api.url, DELETE, { id: timed.id }, w.press.token))).toMatchObject({ code: 'NOT_FOUND' });
    await sleep(Math.max(0, due.getTime() - Date.now() + 300));
    expect(remindersOf(assignee.email, timed.id)).toHaveLength(0);
  });

  it('scopes changes: union staff change their organization’s tasks only, assign within it, and never to press contacts', async () => {
    const pressTask = await create(w.press.token, { title: 'Press desk task' });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: pressTask.id, i: { title: 'Mine' } }, w.staffA.token)),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await gql(api.url, CANCEL, { id: pressTask.id }, w.staffA.token))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(errorOf(await gql(api.url, DELETE, { id: pressTask.id }, w.staffA.token))).toMatchObject({
      code: 'NOT_FOUND',
    });

    const own = await create(w.staffA.token, { title: 'Call the guild', organizationId: w.orgB.id });
    const colleague = await createUser(api.url, w.admin, 'ORG_STAFF', w.orgA.id);
    expect(
      (
        await gqlOk(
          api.url,
          UPDATE,
          { id: own.id, i: { assigneeId: colleague.id, title: 'Call the guild back' } },
          w.staffA.token,
        )
      ).updateOutreachTask,
    ).toMatchObject({ assignee: { id: colleague.id }, title: 'Call the guild back' });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: own.id, i: { assigneeId: w.staffB.id } }, w.staffA.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { assigneeId: expect.any(String) } });
    const [contact] = await createContacts(api.url, w.press.token, 1);
    expect(
      errorOf(await gql(api.url, UPDATE, { id: own.id, i: { pressContactId: contact.id } }, w.staffA.token)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      errorOf(await gql(api.url, UPDATE, { id: own.id, i: { assigneeId: 'someone' } }, w.staffA.token)),
    ).toMatchObject({ code: 'BAD_USER_INPUT', fields: { assigneeId: 'must be a user id' } });
    // Staff B cannot see org A's task at all.
    expect(errorOf(await gql(api.url, DELETE, { id: own.id }, w.staffB.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await gqlOk(api.url, DELETE, { id: own.id }, w.staffA.token)).deleteOutreachTask).toBe(true);
  });
});
