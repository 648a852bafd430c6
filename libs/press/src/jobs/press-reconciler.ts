import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue, PeriodicTask } from '@chorus/core';
import { PressScheduler } from '../press-scheduler';
import { PressPublisher } from '../press-publisher';
import { PRESS_CONFIG, PressConfig } from '../press.config';

/** A SCHEDULED release this far past its embargo is published by the reconciler itself. */
const OVERDUE_MS = 2000;

/**
 * Redis is not the system of record: at start-up and then every PRESS_RECONCILE_SECONDS (an
 * in-process interval, so that it survives a FLUSHALL), the worker re-arms every SCHEDULED
 * release from PostgreSQL (deterministic job ids make this a no-op when the job is still there)
 * and resumes published releases whose sends were interrupted.
 */
@Injectable()
export class PressReconciler extends PeriodicTask {
  protected readonly logger = new Logger(PressReconciler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: PressScheduler,
    private readonly publisher: PressPublisher,
    private readonly jobs: JobQueue,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.PRESS_RECONCILE_SECONDS * 1000;
  }

  protected run() {
    return this.reconcile();
  }

  async reconcile(): Promise<{ armed: number; resumed: number }> {
    const scheduled: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT id, embargo_until FROM press_releases WHERE status = 'SCHEDULED'`,
    );
    for (const release of scheduled) {
      // Overdue (Redis lost it, or the worker holding the job died): publish here and now. Safe
      // beside any job for the same lift: only one conditional UPDATE can win.
      if (release.embargo_until.getTime() < Date.now() - OVERDUE_MS) {
        // One release's failure (SMTP down, a bad row) must not hold back the others; its
        // unfinished sends are resumed below or on the next pass.
        try {
          await this.publisher.run(release.id, release.embargo_until.getTime());
        } catch (error) {
          this.logger.error(
            { err: error, releaseId: release.id },
            'Overdue press release not published or not fully mailed; retried on the next pass',
          );
        }
      } else await this.scheduler.arm(release.id, release.embargo_until);
    }
    // Published, but some sends were never finished (a worker died mid-send, or Redis lost the
    // retry): open rows and no email in flight (a fresh claim means a runner is still at work).
    const unfinished: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT r.id, r.embargo_until FROM press_releases r
        WHERE r.status = 'PUBLISHED'
          AND EXISTS (SELECT 1 FROM press_release_sends s WHERE s.press_release_id = r.id
                       AND (s.status = 'PENDING' OR (s.status = 'SENDING' AND s.claimed_at < now() - make_interval(secs => $1))))
          AND NOT EXISTS (SELECT 1 FROM press_release_sends s WHERE s.press_release_id = r.id
                           AND s.status = 'SENDING' AND s.claimed_at >= now() - make_interval(secs => $1))`,
      [this.config.PRESS_STALE_CLAIM_SECONDS],
    );
    const bucket = Math.floor(Date.now() / 60000);
    for (const release of unfinished) {
      await this.jobs.enqueue(
        'press.publish-release',
        { releaseId: release.id, embargoMs: release.embargo_until.getTime() },
        { jobId: `release-resume-${release.id}-${bucket}` },
      );
    }
    if (scheduled.length || unfinished.length)
      this.logger.debug?.({ armed: scheduled.length, resumed: unfinished.length }, 'Press releases reconciled');
    return { armed: scheduled.length, resumed: unfinished.length };
  }
}
