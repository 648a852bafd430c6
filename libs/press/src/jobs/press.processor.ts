import { Processor } from '@nestjs/bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { PressPublisher } from '../press-publisher';

/**
 * Press jobs. High concurrency because a publish job may wait in-process for its embargo, and
 * releases lifting at the same second must not queue behind each other. Short locks: the job of
 * a worker that died is handed to another one within seconds, not the default 30.
 */
@Processor(QueueName.Press, { concurrency: 64, lockDuration: 5000, stalledInterval: 5000 })
export class PressProcessor extends JobHost {
  constructor(private readonly publisher: PressPublisher) {
    super();
  }

  @OnJob('press.publish-release')
  async publish(data: JobPayloads['press.publish-release']) {
    const outcome = await this.publisher.run(data.releaseId, data.embargoMs);
    if (outcome !== 'skipped') this.logger.log({ releaseId: data.releaseId, outcome }, 'Embargo lifted');
    return outcome;
  }
}
