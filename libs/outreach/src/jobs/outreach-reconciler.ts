import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue, QueueName } from '@chorus/core';
import { ReminderScheduler } from '../reminder-scheduler';
import { OUTREACH_CONFIG, OutreachConfig } from '../outreach.config';

/**
 * At start-up: installs the digest and reconcile schedulers, and re-arms every pending reminder
 * from PostgreSQL (Redis may have lost them); then again on every reconcile run.
 */
@Injectable()
export class OutreachReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutreachReconciler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reminders: ReminderScheduler,
    private readonly jobs: JobQueue,
    @Inject(OUTREACH_CONFIG) private readonly config: OutreachConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((error) => this.logger.error({ err: error }, 'Outreach reconciliation at start-up failed'));
    const queue = this.jobs.queue(QueueName.Outreach);
    const opts = { removeOnComplete: true, removeOnFail: 100 };
    await queue.upsertJobScheduler('outreach.reconcile', { every: this.config.OUTREACH_RECONCILE_SECONDS * 1000 }, { name: 'outreach.reconcile', data: {}, opts });
    await queue.upsertJobScheduler('outreach.overdue-digest', { pattern: this.config.OUTREACH_DIGEST_CRON, tz: this.config.OUTREACH_TIMEZONE }, { name: 'outreach.overdue-digest', data: {}, opts });
  }

  async reconcile(): Promise<number> {
    const pending: { id: string; due_at: Date }[] = await this.db.query(
      `SELECT id, due_at FROM outreach_tasks
        WHERE reminder_sent_at IS NULL AND status IN ('OPEN','IN_PROGRESS') AND assignee_user_id IS NOT NULL AND due_at > now()`,
    );
    for (const task of pending) await this.reminders.arm(task.id, task.due_at);
    return pending.length;
  }
}
