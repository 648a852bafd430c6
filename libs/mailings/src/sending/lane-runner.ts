import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hostname } from 'node:os';
import { CORE_CONFIG, CoreConfig, JobPayloads, RedisClient } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { ClaimedDelivery, DeliveriesQueries, DeliveryOutcome } from '../deliveries.queries';
import { DeliveryStatus } from '../entities/mailing.entity';
import { MailingLanes } from '../mailing-lanes';
import { MailingRenderer, MailingToSend } from './mailing-renderer';
import { SendResult, SmtpPool } from './smtp-pool';
import { RateGrant, SendRateLimiter } from './send-rate-limiter';

export const laneWorkerId = `${process.pid}@${hostname()}`;

/**
 * One lane run = one batch: take send-rate tokens, claim that many deliveries, send them over
 * the process's SMTP connections, record every outcome in one statement, enqueue the lane's
 * next run. Queue and database bookkeeping are per batch, never per email.
 */
@Injectable()
export class LaneRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(LaneRunner.name);
  private readonly pool: SmtpPool;
  private readonly renderer: MailingRenderer;
  private readonly limiter: SendRateLimiter;
  /** Per mailing, the highest delivery id this process has claimed: later claims start above it. */
  private readonly cursors = new Map<string, bigint>();

  constructor(
    @Inject(CORE_CONFIG) core: CoreConfig,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveriesQueries,
    private readonly lanes: MailingLanes,
    private readonly audit: AuditService,
    redis: RedisClient,
  ) {
    this.renderer = new MailingRenderer({ from: core.MAIL_FROM, publicUrl: core.PUBLIC_URL, jwtSecret: core.JWT_SECRET });
    this.pool = new SmtpPool(core.SMTP_URL, this.renderer.envelopeFrom, config.MAILING_SMTP_CONNECTIONS);
    this.limiter = new SendRateLimiter(redis, { perSecond: config.MAILING_RATE_PER_SECOND, perHour: config.MAILING_RATE_PER_HOUR });
  }

  async run({ mailingId, lane, seq, generation }: JobPayloads['mailing.lane']): Promise<string> {
    const mailing = await this.load(mailingId);
    if (!mailing || mailing.status !== 'SENDING') return 'stopped';
    const next = (delayMs: number) => this.lanes.next(mailingId, lane, seq + 1, generation, delayMs);

    const allowance = await this.allowance();
    if (allowance.granted === 0) {
      await this.deliveries.touchLanes(mailingId, new Date(Date.now() + allowance.waitMs));
      await next(allowance.waitMs);
      return 'rate-limited';
    }
    const claimed = await this.claim(mailingId, mailing.ownerOrganizationId, allowance.granted);
    // Tokens pay for messages: what this claim will not send (nothing due, suppressed) goes back.
    await this.limiter.giveBack(allowance, allowance.granted - claimed.filter((d) => d.status === DeliveryStatus.SENDING).length);
    if (claimed.length === 0) {
      this.cursors.delete(mailingId);
      const due = await this.deliveries.nextDueAt(mailingId);
      if (!due) {
        if (await this.deliveries.finishIfDone(mailingId)) this.logger.log(`mailing ${mailingId} sent`);
        return 'done';
      }
      const delay = Math.min(Math.max(new Date(due).getTime() - Date.now(), 100), 5000);
      await this.deliveries.touchLanes(mailingId, new Date(Date.now() + delay));
      await next(delay);
      return 'waiting';
    }
    const outcomes = await this.sendLeased(mailing, claimed);
    const { bouncedPeople } = await this.deliveries.record(mailingId, laneWorkerId, outcomes);
    // Bounces are rare: the consent change of each bounced person gets its own audit event.
    for (const personId of bouncedPeople) {
      await this.audit.record({ entity: 'people', entityId: personId, action: 'bounce', changes: { before: { emailStatus: 'SUBSCRIBED' }, after: { emailStatus: 'BOUNCING' }, mailingId } });
    }
    await next(0);
    return `sent ${outcomes.length}`;
  }

  /**
   * Claims above this process's cursor first; only when nothing is left there does it sweep the
   * whole mailing for retries, expired leases and rows a rolled-back claim left behind.
   */
  private async claim(mailingId: string, ownerOrganizationId: string | null, limit: number): Promise<ClaimedDelivery[]> {
    const claimAfter = (after: bigint) => this.deliveries.claim(mailingId, ownerOrganizationId, limit, this.config.MAILING_LEASE_SECONDS, laneWorkerId, after.toString());
    const cursor = this.cursors.get(mailingId) ?? 0n;
    let claimed = await claimAfter(cursor);
    if (claimed.length === 0 && cursor > 0n) claimed = await claimAfter(0n);
    if (claimed.length > 0) {
      const highest = claimed.reduce((max, d) => (BigInt(d.id) > max ? BigInt(d.id) : max), 0n);
      if (highest > (this.cursors.get(mailingId) ?? 0n)) this.cursors.set(mailingId, highest);
      if (this.cursors.size > 100) this.cursors.delete(this.cursors.keys().next().value!);
    }
    return claimed;
  }

  /** Tokens for up to a batch; waits up to a second for them, so that pause is seen quickly. */
  private async allowance(): Promise<RateGrant> {
    const until = Date.now() + 1000;
    for (;;) {
      const grant = await this.limiter.take(this.config.MAILING_BATCH_SIZE);
      if (grant.granted > 0 || Date.now() + grant.waitMs > until) return grant;
      await sleep(Math.max(grant.waitMs, 5));
    }
  }

  /**
   * Sends the batch while renewing its lease every third of it, so that a batch slower than the
   * lease (a slow relay, a connection stalling until its socket timeout) is not claimed and sent
   * again by an idle lane.
   */
  private async sendLeased(mailing: MailingToSend, claimed: ClaimedDelivery[]): Promise<DeliveryOutcome[]> {
    const leaseSeconds = this.config.MAILING_LEASE_SECONDS;
    const held = claimed.filter((d) => d.status === DeliveryStatus.SENDING);
    const renew = setInterval(() => {
      this.deliveries.extendLease(held, leaseSeconds, laneWorkerId).catch((error) => this.logger.warn(`lease of mailing ${mailing.id} not extended: ${error}`));
    }, (leaseSeconds * 1000) / 3);
    try {
      return await this.send(mailing, held);
    } finally {
      clearInterval(renew);
    }
  }

  private async send(mailing: MailingToSend, sending: ClaimedDelivery[]): Promise<DeliveryOutcome[]> {
    const build = this.renderer.batch(mailing);
    return Promise.all(sending.map(async (d): Promise<DeliveryOutcome> => {
      let result: SendResult;
      try {
        result = await this.pool.send(d.email, build(d));
      } catch (error) {
        return { id: d.id, attempts: d.attempts, status: DeliveryStatus.FAILED, error: `could not render: ${(error as Error).message}`.slice(0, 500), retryMs: 0 };
      }
      if (result.ok) return { id: d.id, attempts: d.attempts, status: DeliveryStatus.SENT, error: null, retryMs: 0 };
      // Only a refused address is a bounce; a 5xx to AUTH, MAIL FROM or DATA is retried, then FAILED.
      if (result.bounce) return { id: d.id, attempts: d.attempts, status: DeliveryStatus.BOUNCED, error: result.message, retryMs: 0 };
      if (d.attempts >= this.config.MAILING_MAX_ATTEMPTS) return { id: d.id, attempts: d.attempts, status: DeliveryStatus.FAILED, error: result.message, retryMs: 0 };
      return { id: d.id, attempts: d.attempts, status: DeliveryStatus.QUEUED, error: result.message, retryMs: this.config.MAILING_RETRY_BASE_MS * 2 ** (d.attempts - 1) };
    }));
  }

  private async load(id: string): Promise<MailingToSend | null> {
    const rows = await this.db.query(
      `SELECT m.id, m.status, m.subject, m.body_template AS "bodyTemplate", m.owner_organization_id AS "ownerOrganizationId", c.title AS campaign
       FROM mailings m LEFT JOIN campaigns c ON c.id = (m.audience->>'campaignId')::uuid WHERE m.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  onApplicationShutdown(): void {
    this.pool.close();
  }
}
