import { Processor } from '@nestjs/bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { TaskMailer } from './task-mailer';

/** Reminders and the daily digest. */
@Processor(QueueName.Outreach, { concurrency: 8 })
export class OutreachProcessor extends JobHost {
  constructor(private readonly mailer: TaskMailer) {
    super();
  }

  @OnJob('outreach.reminder')
  remind(data: JobPayloads['outreach.reminder']) {
    return this.mailer.remind(data.taskId, data.dueMs);
  }

  @OnJob('outreach.overdue-digest')
  digest() {
    return this.mailer.digest();
  }
}
