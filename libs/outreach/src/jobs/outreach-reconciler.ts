import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue, PeriodicTask, QueueName } from '@chorus/core';
import { ReminderScheduler } from '../reminder-scheduler';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';

/**
 * At start-up and then every OUTREACH_RECONCILE_SECONDS (an in-process interval, so that it
 * survives a FLUSHALL): re-installs the digest's job scheduler and re-arms every pending
 * reminder from PostgreSQL (deterministic job ids: a no-op when Redis still has them).
 */
@Injectable()
export class OutreachReconciler extends PeriodicTask {
  protected readonly logger = new Logger(OutreachReconciler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderScheduler,
    private readonly jobs: JobQueue,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.OUTREACH_RECONCILE_SECONDS * 1000;
  }

  protected run() {
    return this.reconcile();
  }

  async reconcile(): Promise<number> {
    const schedule = { pattern: this.config.OUTREACH_DIGEST_CRON, tz: this.config.OUTREACH_TIMEZONE };
    // A run that could not mail every digest fails; the retries (1, 2, 4, 8 min later) mail the rest the same day.
    const opts = {
      removeOnComplete: true,
      removeOnFail: 100,
      attempts: 5,
      backoff: { type: 'exponential', delay: 60_000 },
    };
    await this.jobs
      .queue(QueueName.Outreach)
      .upsertJobScheduler('outreach.overdue-digest', schedule, { name: 'outreach.overdue-digest', data: {}, opts });
    const pending: { id: string; due_at: Date }[] = await this.db.query(
      `SELECT id, due_at FROM outreach_tasks
        WHERE reminder_sent_at IS NULL AND status IN ('OPEN','IN_PROGRESS') AND assignee_user_id IS NOT NULL AND due_at > now()`,
    );
    for (const task of pending) await this.reminders.arm(task.id, task.due_at);
    return pending.length;
  }
}
