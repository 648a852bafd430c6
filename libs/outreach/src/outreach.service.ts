import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, badInput, ForbiddenError, InvalidTransitionError, NotFoundError, paginate, Role } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { PeopleService } from '@chorus/people';
import { OPEN_STATUSES, OutreachTask, TaskKind, TaskStatus } from './entities/outreach-task.entity';
import { CompleteOutreachTaskArgs, CreateOutreachTaskInput, OutreachTasksArgs } from './dto/outreach.inputs';
import { ReminderScheduler } from './reminder-scheduler';

/**
 * Outreach tasks. Coalition admins and press officers see every task; union staff see the tasks
 * of their organization and those assigned to them (`scoped()` is the one place that says so).
 */
@Injectable()
export class OutreachService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderScheduler,
    private readonly people: PeopleService,
  ) {}

  scoped(actor: Actor, em: EntityManager = this.db.manager): SelectQueryBuilder<OutreachTask> {
    const query = em.getRepository(OutreachTask).createQueryBuilder('t');
    if (actor.role === Role.ORG_STAFF) {
      query.where(new Brackets((w) => w.where('t.organization_scope_id = :org', { org: actor.organizationId }).orWhere('t.assignee_user_id = :me', { me: actor.userId })));
    }
    return query;
  }

  async create(actor: Actor, input: CreateOutreachTaskInput): Promise<OutreachTask> {
    const targets = [input.personId, input.organizationId, input.pressContactId].filter(Boolean);
    if (targets.length > 1) badInput('personId', 'a task has one target: a person, an organization or a press contact');
    if (!input.dueAt && (input.kind === TaskKind.INTERVIEW || input.kind === TaskKind.BRIEFING)) badInput('dueAt', 'is required for interviews and briefings');
    if (input.pressContactId && actor.role === Role.ORG_STAFF) throw new ForbiddenError('Only the press desk works with press contacts');
    const task = await this.db.transaction(async (em) => {
      if (input.assigneeId) await this.assertAssignable(em, actor, input.assigneeId);
      if (input.personId && !(await this.people.find(actor, input.personId))) badInput('personId', 'is not a person you can see');
      if (input.organizationId) await this.assertRow(em, 'organizations', input.organizationId, 'organizationId', 'is not an organization');
      if (input.pressContactId) await this.assertRow(em, 'press_contacts', input.pressContactId, 'pressContactId', 'is not a press contact');
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
      const task = isUuid(args.id) ? await this.scoped(actor, em).andWhere('t.id = :id', { id: args.id }).setLock('pessimistic_write').getOne() : null;
      if (!task) throw new NotFoundError('Outreach task', args.id);
      if (!OPEN_STATUSES.includes(task.status)) throw new InvalidTransitionError('outreach task', 'complete', task.status);
      task.status = TaskStatus.DONE;
      task.outcome = args.outcome ?? null;
      task.completedAt = new Date();
      // The column's onUpdate is MySQL-only: keep it current here (the calendar feed's DTSTAMP).
      task.updatedAt = task.completedAt;
      return em.save(task);
    });
  }

  list(actor: Actor, args: OutreachTasksArgs) {
    const query = this.scoped(actor);
    if (args.assigneeId) query.andWhere('t.assignee_user_id = :assignee', { assignee: args.assigneeId });
    if (args.status) query.andWhere('t.status = :status', { status: args.status });
    return paginate(query, [{ expression: 't.id' }], args);
  }

  /** Tasks with a time assigned to this user, for the calendar feed. */
  timedTasksOf(userId: string, from: Date): Promise<OutreachTask[]> {
    return this.db
      .getRepository(OutreachTask)
      .createQueryBuilder('t')
      .where('t.assignee_user_id = :userId AND t.due_at IS NOT NULL AND t.due_at >= :from AND t.status <> :cancelled', { userId, from, cancelled: TaskStatus.CANCELLED })
      .orderBy('t.due_at', 'ASC')
      .take(2000)
      .getMany();
  }

  /** Union staff assign within their organization; others to any user. */
  private async assertAssignable(em: EntityManager, actor: Actor, userId: string) {
    const [user] = await em.query(`SELECT organization_id FROM users WHERE id = $1`, [userId]);
    if (!user) badInput('assigneeId', 'is not a user');
    if (actor.role === Role.ORG_STAFF && userId !== actor.userId && user.organization_id !== actor.organizationId) badInput('assigneeId', 'is not a user of your organization');
  }

  private async assertRow(em: EntityManager, table: 'organizations' | 'press_contacts', id: string, field: string, message: string) {
    const [row] = await em.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (!row) badInput(field, message);
  }
}
