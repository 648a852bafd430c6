import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { TaskMailer } from './task-mailer';
import { OutreachReconciler } from './outreach-reconciler';

type Name = 'outreach.reminder' | 'outreach.overdue-digest' | 'outreach.reconcile';
type OutreachJob = { [N in Name]: Job<JobPayloads[N], unknown, N> }[Name];

/** Reminders, the daily digest and the reminder reconciler. */
@Processor(QueueName.Outreach, { concurrency: 8 })
export class OutreachProcessor extends WorkerHost {
  constructor(
    private readonly mailer: TaskMailer,
    private readonly reconciler: OutreachReconciler,
  ) {
    super();
  }

  async process(job: OutreachJob): Promise<unknown> {
    switch (job.name) {
      case 'outreach.reminder':
        return this.mailer.remind(job.data.taskId, job.data.dueMs);
      case 'outreach.overdue-digest':
        return this.mailer.digest();
      case 'outreach.reconcile':
        return this.reconciler.reconcile();
      default:
        throw new Error(`Unknown outreach job ${(job as Job).name}`);
    }
  }
}
