import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '@chorus/core';
import { PressScheduler } from '../press-scheduler';
import { PRESS_CONFIG, PressConfig } from '../press.config';

/**
 * Redis is not the system of record: at start-up and then every PRESS_RECONCILE_SECONDS (an
 * in-process interval, so that it survives a FLUSHALL), the worker re-arms every SCHEDULED
 * release from PostgreSQL (deterministic job ids make this a no-op when the job is still there)
 * and resumes published releases whose sends were interrupted.
 */
@Injectable()
export class PressReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PressReconciler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: PressScheduler,
    private readonly jobs: JobQueue,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.PRESS_RECONCILE_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.error({ err: error }, 'Press reconciliation failed; the next run retries');
    } finally {
      this.running = false;
    }
  }

  async reconcile(): Promise<{ armed: number; resumed: number }> {
    const scheduled: { id: string; embargo_until: Date }[] = await this.db.query(`SELECT id, embargo_until FROM press_releases WHERE status = 'SCHEDULED'`);
    for (const release of scheduled) await this.scheduler.arm(release.id, release.embargo_until);
    // Published, but some sends were never finished (a worker died mid-send, or Redis lost the retry).
    const unfinished: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT r.id, r.embargo_until FROM press_releases r
        WHERE r.status = 'PUBLISHED'
          AND EXISTS (SELECT 1 FROM press_release_sends s WHERE s.press_release_id = r.id
                       AND (s.status = 'PENDING' OR (s.status = 'SENDING' AND s.claimed_at < now() - interval '5 minutes')))`,
    );
    const bucket = Math.floor(Date.now() / 60000);
    for (const release of unfinished) {
      await this.jobs.enqueue('press.publish-release', { releaseId: release.id, embargoMs: release.embargo_until.getTime() }, { jobId: `release-resume-${release.id}-${bucket}` });
    }
    if (scheduled.length || unfinished.length) this.logger.debug?.({ armed: scheduled.length, resumed: unfinished.length }, 'Press releases reconciled');
    return { armed: scheduled.length, resumed: unfinished.length };
  }
}
