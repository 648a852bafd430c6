import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue, QueueName } from '@chorus/core';
import { PressScheduler } from '../press-scheduler';
import { PRESS_CONFIG, PressConfig } from '../press.config';

/**
 * Redis is not the system of record: at start-up and then on a BullMQ job scheduler, the worker
 * re-arms every SCHEDULED release from PostgreSQL (deterministic job ids make this a no-op when
 * the job is still there) and resumes published releases whose sends were interrupted.
 */
@Injectable()
export class PressReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PressReconciler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: PressScheduler,
    private readonly jobs: JobQueue,
    @Inject(PRESS_CONFIG) private readonly config: PressConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((error) => this.logger.error({ err: error }, 'Press reconciliation at start-up failed'));
    await this.jobs
      .queue(QueueName.Press)
      .upsertJobScheduler('press.reconcile', { every: this.config.PRESS_RECONCILE_SECONDS * 1000 }, { name: 'press.reconcile', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async reconcile(): Promise<{ armed: number; resumed: number }> {
    const scheduled: { id: string; embargo_until: Date }[] = await this.db.query(`SELECT id, embargo_until FROM press_releases WHERE status = 'SCHEDULED'`);
    for (const release of scheduled) await this.scheduler.arm(release.id, release.embargo_until);
    // Published, but some sends were never finished (a worker died mid-send, or Redis lost the job).
    const unfinished: { id: string; embargo_until: Date }[] = await this.db.query(
      `SELECT r.id, r.embargo_until FROM press_releases r
        WHERE r.status = 'PUBLISHED'
          AND EXISTS (SELECT 1 FROM press_release_sends s WHERE s.press_release_id = r.id
                       AND (s.status = 'PENDING' OR (s.status = 'SENDING' AND s.claimed_at < now() - interval '5 minutes')))`,
    );
    for (const release of unfinished) {
      const bucket = Math.floor(Date.now() / 60000);
      await this.jobs.enqueue('press.publish-release', { releaseId: release.id, embargoMs: release.embargo_until.getTime() }, { jobId: `release-resume-${release.id}-${bucket}` });
    }
    if (scheduled.length || unfinished.length) this.logger.log({ armed: scheduled.length, resumed: unfinished.length }, 'Press releases reconciled');
    return { armed: scheduled.length, resumed: unfinished.length };
  }
}
