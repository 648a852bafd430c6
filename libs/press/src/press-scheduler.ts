import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobQueue, QueueName, settlesWithin } from '@chorus/core';
import { PRESS_CONFIG, PressConfig } from './press.config';

/** Deterministic id: one job per (release, embargo); a reschedule arms a new one. */
export const publishJobId = (releaseId: string, embargoMs: number) => `release-${releaseId}-${embargoMs}`;

/**
 * Arms and disarms the embargo wake-up jobs. The job is only an alarm clock: the row decides.
 * It rings PRESS_EARLY_WAKE_MS early so that queue latency is absorbed by an in-process wait.
 */
@Injectable()
export class PressScheduler {
  private readonly logger = new Logger(PressScheduler.name);

  constructor(
    private readonly jobs: JobQueue,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
  ) {}

  /**
   * For the API after a commit: Redis being slow or down must not fail a change PostgreSQL
   * already holds; the worker's reconciler arms the release within PRESS_RECONCILE_SECONDS.
   */
  async armSoon(releaseId: string, embargo: Date): Promise<void> {
    if (!(await settlesWithin(this.arm(releaseId, embargo), 2000))) {
      this.logger.warn({ releaseId }, 'Could not arm the embargo job now; the reconciler will');
    }
  }

  async arm(releaseId: string, embargo: Date): Promise<void> {
    const embargoMs = embargo.getTime();
    const jobId = publishJobId(releaseId, embargoMs);
    await this.jobs.wakeAt(
      'press.publish-release',
      { releaseId, embargoMs },
      { atMs: embargoMs, earlyMs: this.config.PRESS_EARLY_WAKE_MS, jobId, attempts: 10 },
    );
  }

  /** Best effort: the handler would ignore the job anyway once the row changed. */
  async disarm(releaseId: string, embargo: Date | null): Promise<void> {
    if (!embargo) return;
    if (
      !(await settlesWithin(this.jobs.queue(QueueName.Press).remove(publishJobId(releaseId, embargo.getTime())), 2000))
    ) {
      this.logger.warn({ releaseId }, 'Could not remove an old embargo job; it will find nothing to do');
    }
  }
}
