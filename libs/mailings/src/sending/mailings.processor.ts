import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { MailingsService } from '../mailings.service';
import { LaneRunner } from './lane-runner';

/** Runs the jobs of the mailings queue; as many lane runs at once as a mailing has lanes. */
@Processor(QueueName.Mailings)
export class MailingsProcessor extends JobHost implements OnApplicationBootstrap {
  constructor(
    private readonly mailings: MailingsService,
    private readonly lanes: LaneRunner,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
  ) {
    super();
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.worker.concurrency = this.config.MAILING_LANES;
  }

  @OnJob('mailing.start')
  start(data: JobPayloads['mailing.start']) {
    return this.mailings.startScheduled(data.mailingId);
  }

  @OnJob('mailing.lane')
  lane(data: JobPayloads['mailing.lane']) {
    return this.lanes.run(data);
  }
}
