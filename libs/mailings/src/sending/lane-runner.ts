import { setTimeout as sleep } from 'node:timers/promises';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hostname } from 'node:os';
import { CORE_CONFIG, CoreConfig, JobPayloads, RedisClient } from '@chorus/core';
import { campaignTitleSql } from '@chorus/campaigns';
import { MAILINGS_CONFIG, MailingsConfig } from '../mailings.config';
import { ClaimedDelivery, DeliveriesQueries, DeliveryOutcome } from '../deliveries.queries';
import { DeliveryStatus } from '../entities/mailing.entity';
import { MailingLanes } from '../mailing-lanes';
import { MailingsService } from '../mailings.service';
import { MailingSignals, SignalVersions } from '../signals/mailing-signals';
import { MailingRenderer, MailingToSend } from './mailing-renderer';
import { SendResult, SmtpPool } from './smtp-pool';
import { RateGrant, SendRateLimiter } from './send-rate-limiter';
import { BatchGate } from './batch-gate';
import { outcomeOf, StormWatch } from './batch-outcomes';

export const laneWorkerId = `${process.pid}@${hostname()}`;

/**
 * One lane run = one batch: take send-rate tokens, claim that many deliveries, send them over
 * the process's SMTP connections, record every outcome in one statement, enqueue the lane's
 * next run. Queue and database bookkeeping are per batch, never per email; between messages
 * the batch's gate stops it (pause, cancel, shutdown, a relay-policy storm) and drops recipients
 * who opted out since the claim.
 */
@Injectable()
export class LaneRunner implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LaneRunner.name);
  private readonly pool: SmtpPool;
  private readonly renderer: MailingRenderer;
  private readonly limiter: SendRateLimiter;
  /** Per mailing, the highest delivery id this process has claimed: later claims start above it. */
  private readonly cursors = new Map<string, bigint>();
  /** Batches being sent, so that shutdown can release them; and the runs, to wait for their records. */
  private readonly gates = new Set<BatchGate>();
  private readonly runs = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    @Inject(CORE_CONFIG) core: CoreConfig,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveriesQueries,
    private readonly lanes: MailingLanes,
    private readonly mailings: MailingsService,
    private readonly signals: MailingSignals,
    redis: RedisClient,
  ) {
    this.renderer = new MailingRenderer({
      from: core.MAIL_FROM,
      publicUrl: core.PUBLIC_URL,
      jwtSecret: core.JWT_SECRET,
    });
    this.pool = new SmtpPool(core.SMTP_URL, this.renderer.envelopeFrom, {
      connections: config.MAILING_SMTP_CONNECTIONS,
      backoffMs: config.MAILING_SMTP_BACKOFF_MS,
      backoffMaxMs: config.MAILING_SMTP_BACKOFF_MAX_MS,
    });
    this.limiter = new SendRateLimiter(redis, {
      perSecond: config.MAILING_RATE_PER_SECOND,
      perHour: config.MAILING_RATE_PER_HOUR,
    });
  }

  run(payload: JobPayloads['mailing.lane']): Promise<string> {
    const run = this.runBatch(payload);
    this.runs.add(run);
    const forget = () => this.runs.delete(run);
    run.then(forget, forget);
    return run;
  }

  private async runBatch({ mailingId, lane, seq, generation }: JobPayloads['mailing.lane']): Promise<string> {
    const next = (delayMs: number) => this.lanes.next(mailingId, lane, seq + 1, generation, delayMs);
    // Shutting down: leave the lane to the other workers (or to this one's successor).
    if (this.closing) return next(1000).then(() => 'closing');
    const mailing = await this.load(mailingId);
    if (!mailing || mailing.status !== 'SENDING') return 'stopped';

    const allowance = await this.allowance();
    if (allowance.granted === 0) {
      await this.deliveries.touchLanes(mailingId, new Date(Date.now() + allowance.waitMs));
      await next(allowance.waitMs);
      return 'rate-limited';
    }
    // Read before the claim: a signal that moves after it announces a change the claim did not see.
    const baseline = await this.signals.current(mailingId).catch(() => null);
    const claimed = await this.claim(mailingId, mailing.shownOrganizationIds, allowance.granted);
    const held = claimed.filter((d) => d.status === DeliveryStatus.SENDING);
    // Tokens pay for messages: what this claim will not send (nothing due, suppressed) goes back.
    await this.limiter.giveBack(allowance, allowance.granted - held.length);
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
    const { outcomes, stopped, storm } = await this.sendLeased(mailing, held, baseline);
    const { bouncedPeople } = await this.deliveries.record(mailingId, laneWorkerId, outcomes);
    // So do the tokens of messages the gate did not hand to SMTP (released or suppressed since the claim).
    await this.limiter.giveBack(allowance, outcomes.filter((o) => o.refund).length).catch(() => undefined);
    if (bouncedPeople.length > 0) await this.signals.suppressionChanged(false);
    const sent = outcomes.filter((o) => o.status === DeliveryStatus.SENT).length;
    if (storm) {
      if (await this.mailings.pauseBySystem(mailingId, storm))
        this.logger.warn(`mailing ${mailingId} paused: ${storm}`);
      return 'paused (relay policy storm)';
    }
    if (stopped && !this.closing) return `stopped after ${sent}`;
    await next(this.closing ? 1000 : 0);
    return `sent ${sent}`;
  }

  /**
   * Claims above this process's cursor first; only when nothing is left there does it sweep the
   * whole mailing for retries, expired leases and rows a rolled-back claim left behind.
   */
  private async claim(mailingId: string, shownOrganizationIds: string[], limit: number): Promise<ClaimedDelivery[]> {
    const claimAfter = (after: bigint) =>
      this.deliveries.claim(
        mailingId,
        shownOrganizationIds,
        limit,
        this.config.MAILING_LEASE_SECONDS,
        laneWorkerId,
        after.toString(),
      );
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
   * lease (a slow relay, a relay that is down, a connection stalling until its socket timeout)
   * is not claimed and sent again by an idle lane. The gate stops it between messages.
   */
  private async sendLeased(
    mailing: MailingToSend,
    held: ClaimedDelivery[],
    baseline: SignalVersions | null,
  ): Promise<{ outcomes: DeliveryOutcome[]; stopped?: string; storm?: string }> {
    const leaseSeconds = this.config.MAILING_LEASE_SECONDS;
    const gate: BatchGate = new BatchGate(
      {
        signals: () => this.signals.current(mailing.id),
        freshSignals: () => this.signals.fresh(mailing.id),
        baseline,
        truth: (ids) => this.deliveries.batchTruth(mailing.id, ids),
        recheckMs: this.config.MAILING_RECHECK_MS,
        onStop: () => this.pool.withdraw(gate),
      },
      held.map((d) => d.id),
    );
    const renew = setInterval(
      () => {
        this.deliveries
          .extendLease(mailing.id, held, leaseSeconds, laneWorkerId)
          .catch((error) => this.logger.warn(`lease of mailing ${mailing.id} not extended: ${error}`));
      },
      (leaseSeconds * 1000) / 3,
    );
    // Messages held by the SMTP breaker ask the gate nothing: a pause or cancel meanwhile is seen here.
    const poll = setInterval(() => void gate.poll(), 500);
    this.gates.add(gate);
    if (this.closing) gate.stop('shutting down');
    try {
      const storm = new StormWatch(this.config.MAILING_STORM_PERCENT, this.config.MAILING_STORM_MIN_RECIPIENTS);
      const build = this.renderer.batch(mailing);
      const results = await Promise.all(
        held.map(async (d): Promise<SendResult | DeliveryOutcome> => {
          let raw: string;
          try {
            raw = build(d);
          } catch (error) {
            return {
              id: d.id,
              attempts: d.attempts,
              status: DeliveryStatus.FAILED,
              error: `could not render: ${(error as Error).message}`.slice(0, 500),
              retryMs: 0,
              refund: false,
            };
          }
          const result = await this.pool.send(d.email, raw, gate, d.id);
          if (storm.add(result)) gate.stop('relay policy storm');
          return result;
        }),
      );
      const rules = {
        maxAttempts: this.config.MAILING_MAX_ATTEMPTS,
        retryBaseMs: this.config.MAILING_RETRY_BASE_MS,
        storm: storm.tripped,
      };
      const outcomes = held.map((d, i) => {
        const result = results[i];
        return 'status' in result ? result : outcomeOf(d, result, rules);
      });
      return { outcomes, stopped: gate.stopped, storm: storm.tripped ? storm.reason() : undefined };
    } finally {
      clearInterval(renew);
      clearInterval(poll);
      this.gates.delete(gate);
    }
  }

  private async load(id: string): Promise<MailingToSend | null> {
    const rows = await this.db.query(
      `SELECT m.id, m.status, m.subject, m.body_template AS "bodyTemplate",
         CASE WHEN m.owner_organization_id IS NOT NULL THEN ARRAY[m.owner_organization_id::text]
              WHEN jsonb_typeof(m.audience->'organizationIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(m.audience->'organizationIds'))
              ELSE '{}'::text[] END AS "shownOrganizationIds",
         ${campaignTitleSql(`(m.audience->>'campaignId')::uuid`)} AS campaign
       FROM mailings m WHERE m.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * SIGTERM: every batch stops before its next message and its unsent rest is released (QUEUED,
   * attempt given back) for the other workers; waits up to 5 s for those records.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const gate of this.gates) gate.stop('shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.runs]),
      new Promise((resolve) => (timer = setTimeout(resolve, 5000))),
    ]);
    clearTimeout(timer);
  }

  onApplicationShutdown(): void {
    this.pool.close();
  }
}
