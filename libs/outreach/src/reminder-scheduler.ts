import { Inject, Injectable } from '@nestjs/common';
import { JobQueue, QueueName } from '@chorus/core';
import { OUTREACH_CONFIG, OutreachConfig } from './outreach.config';

/** One reminder job per (task, due time); a new due time arms a new job and the old one finds nothing. */
export const reminderJobId = (taskId: string, dueMs: number) => `reminder-${taskId}-${dueMs}`;

@Injectable()
export class ReminderScheduler {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {}

  /** Arms the reminder of a task due at `dueAt` (at once if its reminder time already passed). */
  async arm(taskId: string, dueAt: Date): Promise<void> {
    const dueMs = dueAt.getTime();
    if (dueMs <= Date.now()) return;
    const jobId = reminderJobId(taskId, dueMs);
    const existing = await this.jobs.queue(QueueName.Outreach).getJob(jobId);
    if (existing && ((await existing.isFailed()) || (await existing.isCompleted()))) await existing.remove();
    // Wakes a second early; the handler waits in-process for the reminder time (queue latency absorbed).
    await this.jobs.enqueue('outreach.reminder', { taskId, dueMs }, { jobId, delay: dueMs - this.config.OUTREACH_REMINDER_SECONDS * 1000 - Date.now() - 1000 });
  }
}
