import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig, JobQueue, QueueName } from '@chorus/core';
import { ReminderScheduler } from '../reminder-scheduler';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';

/**
 * At start-up and then every OUTREACH_RECONCILE_SECONDS (an in-process interval, so that it
 * survives a FLUSHALL): re-installs the digest's job scheduler and re-arms every pending
 * reminder from PostgreSQL (deterministic job ids: a no-op when Redis still has them).
 */
@Injectable()
export class OutreachReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutreachReconciler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderScheduler,
    private readonly jobs: JobQueue,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.OUTREACH_RECONCILE_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.error({ err: error }, 'Outreach reconciliation failed; the next run retries');
    } finally {
      this.running = false;
    }
  }

  async reconcile(): Promise<number> {
    const schedule = { pattern: this.config.OUTREACH_DIGEST_CRON, tz: this.config.OUTREACH_TIMEZONE };
    await this.jobs.queue(QueueName.Outreach).upsertJobScheduler('outreach.overdue-digest', schedule, { name: 'outreach.overdue-digest', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
    const pending: { id: string; due_at: Date }[] = await this.db.query(
      `SELECT id, due_at FROM outreach_tasks
        WHERE reminder_sent_at IS NULL AND status IN ('OPEN','IN_PROGRESS') AND assignee_user_id IS NOT NULL AND due_at > now()
          AND (queue_prefix IS NOT DISTINCT FROM $1 OR queue_prefix IS NULL OR due_at - make_interval(secs => $2) < now() - interval '5 minutes')`,
      [this.core.QUEUE_PREFIX, this.config.OUTREACH_REMINDER_SECONDS],
    );
    for (const task of pending) await this.reminders.arm(task.id, task.due_at);
    return pending.length;
  }
}
