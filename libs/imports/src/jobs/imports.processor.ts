import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { ImportMergerService } from '../merge/import-merger.service';

/**
 * Runs import merges. A short lock (renewed every 5 s while the merge runs) means a job whose
 * worker died is handed to another worker within seconds, which resumes at the import's cursor.
 */
@Processor(QueueName.Imports, { concurrency: 1, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class ImportsProcessor extends JobHost {
  constructor(private readonly merger: ImportMergerService) {
    super();
  }

  @OnJob('imports.process')
  async merge({ importId }: JobPayloads['imports.process'], job: Job) {
    try {
      await this.merger.run(importId);
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const stagingGone = (error as { code?: string }).code === '42P01';
      this.logger.error({ err: error, importId, attempt: job.attemptsMade + 1 }, 'Import merge failed');
      if (lastAttempt || stagingGone)
        await this.merger.fail(
          importId,
          stagingGone ? 'The staged rows are gone; upload the file again' : 'The import could not be completed',
        );
      if (!stagingGone) throw error;
    }
  }
}
