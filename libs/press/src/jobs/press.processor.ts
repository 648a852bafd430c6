import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { PressPublisher } from '../press-publisher';

type PressJob = Job<JobPayloads['press.publish-release'], unknown, 'press.publish-release'>;

/**
 * Press jobs. High concurrency because a publish job may wait in-process for its embargo, and
 * releases lifting at the same second must not queue behind each other. Short locks: the job of
 * a worker that died is handed to another one within seconds, not the default 30.
 */
@Processor(QueueName.Press, { concurrency: 64, lockDuration: 5000, stalledInterval: 5000 })
export class PressProcessor extends WorkerHost {
  private readonly logger = new Logger(PressProcessor.name);

  constructor(private readonly publisher: PressPublisher) {
    super();
  }

  async process(job: PressJob): Promise<unknown> {
    switch (job.name) {
      case 'press.publish-release': {
        const outcome = await this.publisher.run(job.data.releaseId, job.data.embargoMs);
        if (outcome !== 'skipped') this.logger.log({ jobId: job.id, releaseId: job.data.releaseId, outcome }, 'Embargo lifted');
        return outcome;
      }
      default:
        throw new Error(`Unknown press job ${(job as Job).name}`);
    }
  }
}
