import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  badInput,
  columnsFor,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  paginate,
  providedFields,
  Role,
} from '@chorus/core';
import { isUuid, OrganizationsService } from '@chorus/organizations';
import { PressContactsService } from '@chorus/press';
import { UserContacts } from '@chorus/auth';
import { PeopleService } from '@chorus/people';
import { OPEN_STATUSES, OutreachTask, TaskKind, TaskStatus } from './entities/outreach-task.entity';
import {
  CompleteOutreachTaskArgs,
  CreateOutreachTaskInput,
  OutreachTasksArgs,
  UpdateOutreachTaskInput,
} from './dto/outreach.inputs';
import { ReminderScheduler } from './reminder-scheduler';

/** The columns the resolvers of OutreachTask's computed fields read. */
const TASK_FIELDS_FROM_COLUMNS = {
  assignee: ['assigneeUserId'],
  person: ['personId'],
  organization: ['organizationId'],
  pressContact: ['pressContactId'],
};

/**
 * Outreach tasks. Coalition admins see every task; union staff the tasks of their organization
 * and those assigned to them; press officers the coalition's own (no organization: the press
 * desk's and the admins') and those assigned to them, never a union's day-to-day work, whose
 * titles name its members (`scoped()` is the one place that says so).
 */
@Injectable()
export class OutreachService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderScheduler,
    private readonly people: PeopleService,
    private readonly users: UserContacts,
    private readonly organizations: OrganizationsService,
    private readonly pressContacts: PressContactsService,
  ) {}

  scoped(actor: Actor, em: EntityManager = this.db.manager): SelectQueryBuilder<OutreachTask> {
    const query = em.getRepository(OutreachTask).createQueryBuilder('t');
    if (actor.role === Role.ORG_STAFF) {
      query.where(
        new Brackets((w) =>
          w
            .where('t.organization_scope_id = :org', { org: actor.organizationId })
            .orWhere('t.assignee_user_id = :me', { me: actor.userId }),
        ),
      );
    } else if (actor.role === Role.PRESS_OFFICER) {
      query.where(
        new Brackets((w) =>
          w.where('t.organization_scope_id IS NULL').orWhere('t.assignee_user_id = :me', { me: actor.userId }),
        ),
      );
    }
    return query;
  }

  async create(actor: Actor, input: CreateOutreachTaskInput): Promise<OutreachTask> {
    const targets = [input.personId, input.organizationId, input.pressContactId].filter(Boolean);
    if (targets.length > 1) badInput('personId', 'a task has one target: a person, an organization or a press contact');
    if (!input.dueAt && (input.kind === TaskKind.INTERVIEW || input.kind === TaskKind.BRIEFING))
      badInput('dueAt', 'is required for interviews and briefings');
    if (input.pressContactId && actor.role === Role.ORG_STAFF)
      throw new ForbiddenError('Only the press desk works with press contacts');
    const task = await this.db.transaction(async (em) => {
      if (input.assigneeId) await this.assertAssignable(em, actor, input.assigneeId);
      if (input.personId && !(await this.people.find(actor, input.personId)))
        badInput('personId', 'is not a person you can see');
      if (input.organizationId && !(await this.organizations.find(input.organizationId)))
        badInput('organizationId', 'is not an organization');
      if (input.pressContactId && (await this.pressContacts.contactsByIds([input.pressContactId])).length === 0)
        badInput('pressContactId', 'is not a press contact');
      return em.save(
        em.create(OutreachTask, {
          kind: input.kind,
          title: input.title,
          dueAt: input.dueAt ?? null,
          assigneeUserId: input.assigneeId ?? null,
          createdByUserId: actor.userId,
          organizationScopeId: actor.organizationId,
          personId: input.personId ?? null,
          organizationId: input.organizationId ?? null,
          pressContactId: input.pressContactId ?? null,
          status: TaskStatus.OPEN,
        }),
      );
    });
    if (task.dueAt && task.assigneeUserId) await this.reminders.armSoon(task.id, task.dueAt);
    return task;
  }

  async complete(actor: Actor, args: CompleteOutreachTaskArgs): Promise<OutreachTask> {
    return this.db.transaction(async (em) => {
      const task = isUuid(args.id)
        ? await this.scoped(actor, em).andWhere('t.id = :id', { id: args.id }).setLock('pessimistic_write').getOne()
        : null;
      if (!task) throw new NotFoundError('Outreach task', args.id);
      if (!OPEN_STATUSES.includes(task.status))
        throw new InvalidTransitionError('outreach task', 'complete', task.status);
      task.status = TaskStatus.DONE;
      task.outcome = args.outcome ?? null;
      task.completedAt = new Date();
      // The column's onUpdate is MySQL-only: keep it current here (the calendar feed's DTSTAMP).
      task.updatedAt = task.completedAt;
      return em.save(task);
    });
  }

  /**
   * Reschedules, reassigns, retitles or retargets an open task. A new due time or assignee gets a
   * new reminder (the old job is removed and would find nothing anyway); the calendar feed shows
   * the change through the task's updatedAt.
   */
  async update(actor: Actor, id: string, input: UpdateOutreachTaskInput): Promise<OutreachTask> {
    const fields = providedFields(input);
    const targetFields = (['personId', 'organizationId', 'pressContactId'] as const).filter((f) => f in fields);
    if (targetFields.filter((f) => fields[f]).length > 1)
      badInput('personId', 'a task has one target: a person, an organization or a press contact');
    if (fields.pressContactId && actor.role === Role.ORG_STAFF)
      throw new ForbiddenError('Only the press desk works with press contacts');
    const { task, before } = await this.db.transaction(async (em) => {
      const task = await this.lockOpen(em, actor, id, 'update');
      const before = { dueAt: task.dueAt, assigneeUserId: task.assigneeUserId };
      if (fields.assigneeId) await this.assertAssignable(em, actor, fields.assigneeId);
      if (fields.personId && !(await this.people.find(actor, fields.personId)))
        badInput('personId', 'is not a person you can see');
      if (fields.organizationId && !(await this.organizations.find(fields.organizationId)))
        badInput('organizationId', 'is not an organization');
      if (fields.pressContactId && (await this.pressContacts.contactsByIds([fields.pressContactId])).length === 0)
        badInput('pressContactId', 'is not a press contact');
      if (fields.kind) task.kind = fields.kind;
      if (fields.title) task.title = fields.title;
      if ('dueAt' in fields) task.dueAt = fields.dueAt ?? null;
      if ('assigneeId' in fields) task.assigneeUserId = fields.assigneeId ?? null;
      if (targetFields.length)
        Object.assign(task, {
          personId: fields.personId ?? null,
          organizationId: fields.organizationId ?? null,
          pressContactId: fields.pressContactId ?? null,
        });
      if (!task.dueAt && (task.kind === TaskKind.INTERVIEW || task.kind === TaskKind.BRIEFING))
        badInput('dueAt', 'is required for interviews and briefings');
      const moved = task.dueAt?.getTime() !== before.dueAt?.getTime() || task.assigneeUserId !== before.assigneeUserId;
      // A new time or a new assignee: the reminder is owed again.
      if (moved) task.reminderSentAt = null;
      // The column's onUpdate is MySQL-only: keep it current here (the calendar feed's DTSTAMP).
      task.updatedAt = new Date();
      return { task: await em.save(task), before };
    });
    if (task.dueAt?.getTime() !== before.dueAt?.getTime()) await this.reminders.disarm(task.id, before.dueAt);
    if (
      task.dueAt &&
      task.assigneeUserId &&
      (task.dueAt.getTime() !== before.dueAt?.getTime() || task.assigneeUserId !== before.assigneeUserId)
    )
      await this.reminders.armSoon(task.id, task.dueAt);
    return task;
  }

  /** OPEN / IN_PROGRESS → CANCELLED: no reminder, gone from the calendar feed. */
  async cancel(actor: Actor, id: string, reason?: string | null): Promise<OutreachTask> {
    const task = await this.db.transaction(async (em) => {
      const task = await this.lockOpen(em, actor, id, 'cancel');
      task.status = TaskStatus.CANCELLED;
      if (reason) task.outcome = reason;
      task.updatedAt = new Date();
      return em.save(task);
    });
    await this.reminders.disarm(task.id, task.dueAt);
    return task;
  }

  /** Deletes a task in any state (the audit trail keeps what it was). */
  async delete(actor: Actor, id: string): Promise<boolean> {
    const dueAt = await this.db.transaction(async (em) => {
      const task = await this.lock(em, actor, id);
      const due = task.dueAt;
      await em.remove(task);
      return due;
    });
    await this.reminders.disarm(id, dueAt);
    return true;
  }

  private async lock(em: EntityManager, actor: Actor, id: string): Promise<OutreachTask> {
    const task = isUuid(id)
      ? await this.scoped(actor, em).andWhere('t.id = :id', { id }).setLock('pessimistic_write').getOne()
      : null;
    if (!task) throw new NotFoundError('Outreach task', id);
    return task;
  }

  private async lockOpen(em: EntityManager, actor: Actor, id: string, action: string): Promise<OutreachTask> {
    const task = await this.lock(em, actor, id);
    if (!OPEN_STATUSES.includes(task.status)) throw new InvalidTransitionError('outreach task', action, task.status);
    return task;
  }

  /** A page of the tasks `actor` may see; `fields`, the OutreachTask fields a query selects, narrows the columns read. */
  list(actor: Actor, args: OutreachTasksArgs, fields?: ReadonlySet<string> | null) {
    const query = this.scoped(actor);
    if (args.assigneeId) query.andWhere('t.assignee_user_id = :assignee', { assignee: args.assigneeId });
    if (args.status) query.andWhere('t.status = :status', { status: args.status });
    const columns = columnsFor(this.db.getRepository(OutreachTask).metadata, fields, TASK_FIELDS_FROM_COLUMNS);
    return paginate(query, [{ expression: 't.id' }], args, { columns });
  }

  /** Tasks with a time assigned to this user, for the calendar feed. */
  timedTasksOf(userId: string, from: Date): Promise<OutreachTask[]> {
    return this.db
      .getRepository(OutreachTask)
      .createQueryBuilder('t')
      .where('t.assignee_user_id = :userId AND t.due_at IS NOT NULL AND t.due_at >= :from AND t.status <> :cancelled', {
        userId,
        from,
        cancelled: TaskStatus.CANCELLED,
      })
      .orderBy('t.due_at', 'ASC')
      .take(2000)
      .getMany();
  }

  /** Union staff assign within their organization; others to any user. */
  private async assertAssignable(em: EntityManager, actor: Actor, userId: string) {
    const user = await this.users.byId(userId, em);
    if (!user) badInput('assigneeId', 'is not an active user');
    if (actor.role === Role.ORG_STAFF && userId !== actor.userId && user.organizationId !== actor.organizationId)
      badInput('assigneeId', 'is not a user of your organization');
  }
}
