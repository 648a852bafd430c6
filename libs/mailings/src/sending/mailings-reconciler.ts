import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicTask } from '@chorus/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { MailingsService } from '../mailings.service';
import { MailingLanes } from '../mailing-lanes';
import { DeliveriesQueries } from '../deliveries.queries';

/**
 * Redis only carries work; PostgreSQL says what is unfinished. Every few seconds each worker
 * starts scheduled mailings that are due and re-enqueues lanes for SENDING mailings whose
 * lanes went quiet (a flushed or restarted Redis, lanes lost with a dead worker). The UPDATE
 * claims a mailing for one worker, so lanes are re-enqueued once per quiet period. It also
 * fails the deliveries of cancelled mailings whose lease ran out without an outcome.
 */
@Injectable()
export class MailingsReconciler extends PeriodicTask {
  protected readonly logger = new Logger(MailingsReconciler.name);
  protected readonly runAtStartup = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
    private readonly mailings: MailingsService,
    private readonly lanes: MailingLanes,
    private readonly deliveries: DeliveriesQueries,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.MAILING_RECONCILE_SECONDS * 1000;
  }

  protected async run(): Promise<void> {
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM mailings WHERE status = 'SCHEDULED' AND scheduled_at <= now()`,
    );
    for (const { id } of due) await this.mailings.startScheduled(id);
    const quietSeconds = 3 * this.config.MAILING_RECONCILE_SECONDS + 2;
    const [quiet]: [{ id: string }[], number] = await this.db.query(
      `UPDATE mailings SET lanes_seen_at = now() WHERE status = 'SENDING'
         AND coalesce(lanes_seen_at, started_at, created_at) < now() - make_interval(secs => $1)
       RETURNING id`,
      [quietSeconds],
    );
    for (const { id } of quiet) {
      this.logger.warn(`mailing ${id}: lanes quiet for ${quietSeconds}s, re-enqueuing them`);
      await this.lanes.start(id);
    }
    const abandoned = await this.deliveries.abandonExpired();
    if (abandoned > 0)
      this.logger.log(`${abandoned} deliveries of cancelled mailings abandoned by a dead worker marked CANCELLED`);
  }
}
