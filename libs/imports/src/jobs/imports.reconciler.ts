import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue, PeriodicTask } from '@chorus/core';
import { IMPORTS_CONFIG, ImportsConfig } from '../imports.config';

/**
 * PostgreSQL says which imports are unfinished (an upload still streaming included: the worker merges along, or gives a dead one up); Redis may have lost their jobs (flushed, or the
 * API died between commit and enqueue). At worker start and then every IMPORTS_RECONCILE_SECONDS
 * (an in-process interval, so that it survives a FLUSHALL), queue them again: the job id dedupes
 * against jobs Redis still holds (a finished or failed one is removed first), and the merge
 * resumes at the import's cursor.
 */
@Injectable()
export class ImportsReconciler extends PeriodicTask {
  protected readonly logger = new Logger(ImportsReconciler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.IMPORTS_RECONCILE_SECONDS * 1000;
  }

  protected async run(): Promise<void> {
    const unfinished: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM import_jobs WHERE status IN ('RECEIVING', 'PENDING', 'PROCESSING') ORDER BY created_at LIMIT 1000`,
    );
    for (const { id } of unfinished) {
      // A failed job keeps its id in Redis for days (e.g. it stalled too often, so fail() never
      // ran): without removing it, the enqueue below would be a no-op and the import stay unfinished.
      await this.jobs.removeFinished('imports.process', `import-${id}`);
      await this.jobs.enqueue('imports.process', { importId: id }, { jobId: `import-${id}` });
    }
    if (unfinished.length) this.logger.log(`Re-queued ${unfinished.length} unfinished import(s)`);
  }
}
