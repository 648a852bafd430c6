import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig, waitUntil } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { UserContacts } from '@chorus/auth';
import { MailTransport } from '@chorus/mail';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';

/** A title on one line of a plain-text list (a line break in it would start a new item). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** How many task titles one digest lists. */
const DIGEST_TITLES = 50;

const formatIn = (timeZone: string, at: Date) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);

/**
 * The two emails of the outreach area. Each is claimed in PostgreSQL before it is sent (and the
 * claim released if sending fails), so that retries and duplicate jobs mail once.
 */
@Injectable()
export class TaskMailer {
  private readonly logger = new Logger(TaskMailer.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
    private readonly users: UserContacts,
    private readonly audit: AuditService,
  ) {}

  /** Mails the reminder if the task is still open, still due at `dueMs` and in its reminder window. */
  async remind(taskId: string, dueMs: number): Promise<boolean> {
    // The job rings early on purpose; wait for the reminder time (never before it).
    const remindAt = dueMs - this.config.OUTREACH_REMINDER_SECONDS * 1000 + 2;
    if (remindAt - Date.now() < 60_000) {
      await waitUntil(remindAt);
    }
    // The claim and its audit event commit together, before the email goes out.
    const task = await this.db.transaction(async (em) => {
      const [rows] = await em.query(
        `UPDATE outreach_tasks t SET reminder_sent_at = now()
          WHERE t.id = $1 AND t.assignee_user_id IS NOT NULL AND t.reminder_sent_at IS NULL AND t.status IN ('OPEN','IN_PROGRESS')
            AND (extract(epoch FROM t.due_at) * 1000)::bigint = $2 AND t.due_at > now() AND t.due_at - make_interval(secs => $3) <= clock_timestamp()
         RETURNING t.title, t.kind, t.due_at, t.assignee_user_id`,
        [taskId, dueMs, this.config.OUTREACH_REMINDER_SECONDS],
      );
      const [claimed] = rows as { title: string; kind: string; due_at: Date; assignee_user_id: string }[];
      if (claimed)
        await this.audit.record(
          {
            entity: 'outreach_tasks',
            entityId: taskId,
            action: 'reminder',
            changes: { assigneeId: claimed.assignee_user_id, dueAt: claimed.due_at },
          },
          em,
        );
      return claimed;
    });
    if (!task) return false;
    const assignee = await this.users.byId(task.assignee_user_id);
    if (!assignee) return false; // the assignee is deactivated (or gone): nobody to mail
    try {
      await this.mail.send({
        to: assignee.email,
        subject: `Reminder: ${task.title}`,
        text: `Hello ${assignee.name},\n\n${task.kind.toLowerCase().replace('_', '-')} "${task.title}" is due ${formatIn(this.config.OUTREACH_TIMEZONE, task.due_at)}.\n\n${this.core.PUBLIC_URL}`,
        messageId: `<reminder-${taskId}-${dueMs}@chorus>`,
        headers: { 'X-Chorus-Task': taskId },
      });
    } catch (error) {
      // Released for the job's retry, with the failure in the trail.
      await this.db.transaction(async (em) => {
        await em.query(`UPDATE outreach_tasks SET reminder_sent_at = NULL WHERE id = $1`, [taskId]);
        await this.audit.record(
          {
            entity: 'outreach_tasks',
            entityId: taskId,
            action: 'reminder.failed',
            changes: { assigneeId: task.assignee_user_id },
          },
          em,
        );
      });
      throw error;
    }
    return true;
  }

  /**
   * One digest per assignee with overdue open tasks, once per day (in OUTREACH_TIMEZONE). Throws
   * after the loop if any send failed, so that the job's retries mail those users the same day
   * (the per-user per-day claim keeps the others from a second digest).
   */
  async digest(): Promise<number> {
    const overdue: { user_id: string; tasks: { title: string; dueAt: string }[]; overdue: number; day: string }[] =
      await this.db.query(
        `SELECT t.assignee_user_id AS user_id, count(*)::int AS overdue,
              (array_agg(json_build_object('title', t.title, 'dueAt', t.due_at) ORDER BY t.due_at))[1:${DIGEST_TITLES}] AS tasks,
              to_char(now() AT TIME ZONE $1, 'YYYY-MM-DD') AS day
         FROM outreach_tasks t
        WHERE t.assignee_user_id IS NOT NULL AND t.status IN ('OPEN','IN_PROGRESS') AND t.due_at < now()
        GROUP BY t.assignee_user_id`,
        [this.config.OUTREACH_TIMEZONE],
      );
    const contacts = new Map((await this.users.byIds(overdue.map((o) => o.user_id))).map((u) => [u.id, u]));
    const assignees = overdue.flatMap((o) => {
      const user = contacts.get(o.user_id);
      return user ? [{ ...o, email: user.email, name: user.name }] : [];
    });
    let sent = 0;
    let failed = 0;
    for (const a of assignees) {
      const [claimed] = await this.db.query(
        `INSERT INTO outreach_digests (user_id, day, task_count) VALUES ($1, $2::date, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
        [a.user_id, a.day, a.overdue],
      );
      if (!claimed) continue;
      // The list is capped; the count is not. One line per task, with when it was due.
      const more = a.overdue > a.tasks.length ? `\n… and ${a.overdue - a.tasks.length} more` : '';
      const lines = a.tasks.map(
        (t) => `- ${oneLine(t.title)} (due ${formatIn(this.config.OUTREACH_TIMEZONE, new Date(t.dueAt))})`,
      );
      try {
        await this.mail.send({
          to: a.email,
          subject: `${a.overdue} overdue outreach task${a.overdue === 1 ? '' : 's'}`,
          text: `Hello ${a.name},\n\nThese tasks are overdue:\n${lines.join('\n')}${more}\n\n${this.core.PUBLIC_URL}`,
          messageId: `<digest-${a.user_id}-${a.day}@chorus>`,
          headers: { 'X-Chorus-Digest': a.day },
        });
        sent += 1;
      } catch (error) {
        await this.db.query(`DELETE FROM outreach_digests WHERE user_id = $1 AND day = $2::date`, [a.user_id, a.day]);
        this.logger.warn({ err: error, userId: a.user_id }, 'Digest not sent; the job is retried');
        failed += 1;
      }
    }
    // The next scheduled run is tomorrow: fail the job so that BullMQ retries today's missing digests.
    if (failed > 0) throw new Error(`${failed} of ${assignees.length} overdue digests not sent`);
    return sent;
  }
}
