import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig, JobQueue } from '@chorus/core';
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
export class PressReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PressReconciler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: PressScheduler,
    private readonly publisher: PressPublisher,
    private readonly jobs: JobQueue,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
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
    // Rows armed under this QUEUE_PREFIX (a deployment has one); another prefix's rows only when
    // long overdue (the prefix was changed, or that deployment is gone). Keeps test files, which
    // share a database with a prefix each, off each other's releases.
    const scheduled: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT id, embargo_until FROM press_releases
        WHERE status = 'SCHEDULED' AND (queue_prefix IS NOT DISTINCT FROM $1 OR queue_prefix IS NULL OR embargo_until < now() - interval '5 minutes')`,
      [this.core.QUEUE_PREFIX],
    );
    for (const release of scheduled) {
      // Overdue (Redis lost it, or the worker holding the job died): publish here and now. Safe
      // beside any job for the same lift: only one conditional UPDATE can win.
      if (release.embargo_until.getTime() < Date.now() - OVERDUE_MS) await this.publisher.run(release.id, release.embargo_until.getTime());
      else await this.scheduler.arm(release.id, release.embargo_until);
    }
    // Published, but some sends were never finished (a worker died mid-send, or Redis lost the retry).
    const unfinished: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT r.id, r.embargo_until FROM press_releases r
        WHERE r.status = 'PUBLISHED' AND (r.queue_prefix IS NOT DISTINCT FROM $1 OR r.queue_prefix IS NULL OR r.published_at < now() - interval '5 minutes')
          AND EXISTS (SELECT 1 FROM press_release_sends s WHERE s.press_release_id = r.id
                       AND (s.status = 'PENDING' OR (s.status = 'SENDING' AND s.claimed_at < now() - interval '5 minutes')))`,
      [this.core.QUEUE_PREFIX],
    );
    const bucket = Math.floor(Date.now() / 60000);
    for (const release of unfinished) {
      await this.jobs.enqueue('press.publish-release', { releaseId: release.id, embargoMs: release.embargo_until.getTime() }, { jobId: `release-resume-${release.id}-${bucket}` });
    }
    if (scheduled.length || unfinished.length) this.logger.debug?.({ armed: scheduled.length, resumed: unfinished.length }, 'Press releases reconciled');
    return { armed: scheduled.length, resumed: unfinished.length };
  }
}
