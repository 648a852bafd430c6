import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobQueue, QueueName, settlesWithin } from '@chorus/core';
import { OUTREACH_CONFIG, OutreachConfig } from './outreach.config';

/** One reminder job per (task, due time); a new due time arms a new job and the old one finds nothing. */
export const reminderJobId = (taskId: string, dueMs: number) => `reminder-${taskId}-${dueMs}`;

@Injectable()
export class ReminderScheduler {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly jobs: JobQueue,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {}

  /** For the API after a commit: a Redis outage must not fail the change; the reconciler arms it later. */
  async armSoon(taskId: string, dueAt: Date): Promise<void> {
    if (!(await settlesWithin(this.arm(taskId, dueAt), 2000)))
      this.logger.warn({ taskId }, 'Could not arm the reminder now; the reconciler will');
  }

  /** Arms the reminder of a task due at `dueAt` (at once if its reminder time already passed). */
  async arm(taskId: string, dueAt: Date): Promise<void> {
    const dueMs = dueAt.getTime();
    if (dueMs <= Date.now()) return;
    const jobId = reminderJobId(taskId, dueMs);
    // Wakes a second early; the handler waits in-process for the reminder time.
    await this.jobs.wakeAt(
      'outreach.reminder',
      { taskId, dueMs },
      { atMs: dueMs - this.config.OUTREACH_REMINDER_SECONDS * 1000, earlyMs: 1000, jobId },
    );
  }

  /** Best effort after a reschedule, reassignment, cancel or delete: the handler re-checks the row anyway. */
  async disarm(taskId: string, dueAt: Date | null): Promise<void> {
    if (!dueAt) return;
    if (
      !(await settlesWithin(this.jobs.queue(QueueName.Outreach).remove(reminderJobId(taskId, dueAt.getTime())), 2000))
    ) {
      this.logger.warn({ taskId }, 'Could not remove an old reminder job; it will find nothing to do');
    }
  }
}
