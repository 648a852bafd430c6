import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { TaskMailer } from './task-mailer';

type Name = 'outreach.reminder' | 'outreach.overdue-digest';
type OutreachJob = { [N in Name]: Job<JobPayloads[N], unknown, N> }[Name];

/** Reminders and the daily digest. */
@Processor(QueueName.Outreach, { concurrency: 8 })
export class OutreachProcessor extends WorkerHost {
  constructor(private readonly mailer: TaskMailer) {
    super();
  }

  async process(job: OutreachJob): Promise<unknown> {
    switch (job.name) {
      case 'outreach.reminder':
        return this.mailer.remind(job.data.taskId, job.data.dueMs);
      case 'outreach.overdue-digest':
        return this.mailer.digest();
      default:
        throw new Error(`Unknown outreach job ${(job as Job).name}`);
    }
  }
}
