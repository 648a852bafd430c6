import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { MailingsService } from '../mailings.service';
import { LaneRunner } from './lane-runner';

/** Runs the jobs of the mailings queue; as many lane runs at once as a mailing has lanes. */
@Processor(QueueName.Mailings)
export class MailingsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly mailings: MailingsService,
    private readonly lanes: LaneRunner,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.MAILING_LANES;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as keyof JobPayloads) {
      case 'mailing.start':
        return this.mailings.startScheduled((job.data as JobPayloads['mailing.start']).mailingId);
      case 'mailing.lane':
        return this.lanes.run(job.data as JobPayloads['mailing.lane']);
      default:
        throw new Error(`Unknown mailings job ${job.name}`);
    }
  }
}
