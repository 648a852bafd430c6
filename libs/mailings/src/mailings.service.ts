import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Actor, badInput, InvalidTransitionError, isAdmin, JobQueue, NotFoundError, Role } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Mailing, MailingStatus } from './entities/mailing.entity';
import { CreateMailingInput } from './dto/mailing.inputs';
import { AudiencePolicy } from './audience/audience-policy';
import { DeliveriesQueries } from './deliveries.queries';
import { MailingLanes } from './mailing-lanes';
import { MailingTemplate } from './sending/mailing-template';
import { MailingSignals } from './signals/mailing-signals';

/** How far in the past `sendMailing(at)` may be and still mean "now" (clock skew, a slow request). */
const PAST_AT_TOLERANCE_MS = 60_000;

/**
 * Mailings: create, send now or later, pause, resume, cancel. Sending materializes the
 * deliveries in PostgreSQL in the same transaction that moves the mailing to SENDING; the
 * lanes that do the sending are enqueued after commit (and re-enqueued by the reconciler if
 * Redis loses them).
 */
@Injectable()
export class MailingsService {
  private readonly logger = new Logger(MailingsService.name);

  constructor(
    @InjectRepository(Mailing) private readonly mailings: Repository<Mailing>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly policy: AudiencePolicy,
    private readonly deliveries: DeliveriesQueries,
    private readonly lanes: MailingLanes,
    private readonly jobs: JobQueue,
    private readonly signals: MailingSignals,
  ) {}

  async create(actor: Actor, input: CreateMailingInput): Promise<Mailing> {
    MailingTemplate.assertValid(input.subject, input.bodyTemplate);
    const audience = {
      campaignId: input.audience.campaignId ?? null,
      verifiedOnly: input.audience.verifiedOnly ?? null,
      organizationIds: input.audience.organizationIds ?? null,
      tags: input.audience.tags ?? null,
      pressListIds: input.audience.pressListIds ?? null,
    };
    const owner = await this.policy.check(actor, audience);
    return this.mailings.save(
      this.mailings.create({
        name: input.name,
        subject: input.subject,
        bodyTemplate: input.bodyTemplate,
        audience,
        status: MailingStatus.DRAFT,
        ownerOrganizationId: owner.ownerOrganizationId,
        pressOnly: owner.pressOnly,
        createdByUserId: actor.userId,
      }),
    );
  }

  /** Sends now (materializes the deliveries at once) or schedules for `at`. */
  async send(actor: Actor, id: string, at?: Date | null): Promise<Mailing> {
    if (at && Number.isNaN(at.getTime())) badInput('at', 'must be a date-time');
    // A wrong year must not mail the whole audience at once: an `at` in the past is refused (as
    // schedulePressRelease refuses a past embargo). Up to PAST_AT_TOLERANCE_MS back it is taken as
    // "now": a client that fills `at` from its own clock, a second or two slow or a little behind
    // ours, means now, and a minute is far too little for a mistyped date to slip through.
    if (at && at.getTime() < Date.now() - PAST_AT_TOLERANCE_MS)
      badInput('at', 'must be in the future; leave it out to send now');
    const later = at && at.getTime() > Date.now() + 1000;
    const mailing = await this.db.transaction(async (manager) => {
      const mailing = await this.lockVisible(manager, actor, id);
      if (![MailingStatus.DRAFT, MailingStatus.SCHEDULED].includes(mailing.status))
        throw new InvalidTransitionError('mailing', 'send', mailing.status);
      await this.policy.check(actor, mailing.audience);
      if (later) {
        mailing.status = MailingStatus.SCHEDULED;
        mailing.scheduledAt = at;
        return manager.save(mailing);
      }
      mailing.scheduledAt = null; // sent now: a time planned before no longer applies
      return this.begin(manager, mailing);
    });
    if (later) {
      await this.jobs
        .enqueue(
          'mailing.start',
          { mailingId: id },
          { jobId: `start-${id}-${at.getTime()}`, delay: at.getTime() - Date.now() },
        )
        .catch((error) => this.logger.warn(`start job not enqueued (the reconciler will start it): ${error}`));
    } else {
      await this.startLanes(id);
    }
    return mailing;
  }

  /** Starts a scheduled mailing whose time has come (from its delayed job or the reconciler). */
  async startScheduled(id: string): Promise<boolean> {
    const started = await this.db.transaction(async (manager) => {
      const mailing = await manager
        .getRepository(Mailing)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id })
        .getOne();
      if (
        !mailing ||
        mailing.status !== MailingStatus.SCHEDULED ||
        (mailing.scheduledAt && mailing.scheduledAt.getTime() > Date.now())
      )
        return false;
      await this.begin(manager, mailing);
      return true;
    });
    if (started) await this.startLanes(id);
    return started;
  }

  async pause(actor: Actor, id: string): Promise<Mailing> {
    return this.transition(actor, id, 'pause', [MailingStatus.SENDING], MailingStatus.PAUSED);
  }

  /**
   * The worker pauses a SENDING mailing by itself (the relay refuses most recipients) and says
   * why in `pausedReason`; audited like a user's pause. False when it was no longer SENDING.
   */
  async pauseBySystem(id: string, reason: string): Promise<boolean> {
    const paused = await this.db.transaction(async (manager) => {
      const mailing = await manager
        .getRepository(Mailing)
        .createQueryBuilder('m')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id })
        .getOne();
      if (!mailing || mailing.status !== MailingStatus.SENDING) return false;
      mailing.status = MailingStatus.PAUSED;
      mailing.pausedReason = reason;
      await manager.save(mailing);
      return true;
    });
    if (paused) await this.signals.mailingChanged(id);
    return paused;
  }

  async resume(actor: Actor, id: string): Promise<Mailing> {
    const mailing = await this.transition(actor, id, 'resume', [MailingStatus.PAUSED], MailingStatus.SENDING);
    await this.startLanes(id);
    return mailing;
  }

  async cancel(actor: Actor, id: string): Promise<Mailing> {
    const active = [MailingStatus.DRAFT, MailingStatus.SCHEDULED, MailingStatus.SENDING, MailingStatus.PAUSED];
    return this.transition(actor, id, 'cancel', active, MailingStatus.CANCELLED, (manager) =>
      this.deliveries.abandon(manager, id),
    );
  }

  /** A mailing the actor may see, or null (out of scope looks like missing). */
  async find(actor: Actor, id: string): Promise<Mailing | null> {
    if (!isUuid(id)) return null;
    return this.visible(this.mailings.manager, actor).andWhere('m.id = :id', { id }).getOne();
  }

  /** The one scoped query: admins see all, staff their organization's, press officers press-only ones. */
  visible(manager: EntityManager, actor: Actor) {
    const query = manager.getRepository(Mailing).createQueryBuilder('m');
    if (isAdmin(actor)) return query.where('true');
    if (actor.role === Role.ORG_STAFF)
      return query.where('m.owner_organization_id = :org', { org: actor.organizationId });
    return query.where('m.owner_organization_id IS NULL AND m.press_only');
  }

  private async lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<Mailing> {
    const mailing = isUuid(id)
      ? await this.visible(manager, actor).andWhere('m.id = :id', { id }).setLock('pessimistic_write').getOne()
      : null;
    if (!mailing) throw new NotFoundError('Mailing', id);
    return mailing;
  }

  private async begin(manager: EntityManager, mailing: Mailing): Promise<Mailing> {
    mailing.status = MailingStatus.SENDING;
    mailing.startedAt = new Date();
    const saved = await manager.save(mailing);
    const count = await this.deliveries.materialize(manager, mailing.id, mailing.audience, mailing.ownerOrganizationId);
    this.logger.log(`mailing ${mailing.id}: ${count} deliveries materialized`);
    return saved;
  }

  /** After commit the lanes are signalled: a batch in flight stops before its next message. */
  private async transition(
    actor: Actor,
    id: string,
    action: string,
    from: MailingStatus[],
    to: MailingStatus,
    also?: (manager: EntityManager) => Promise<void>,
  ): Promise<Mailing> {
    const saved = await this.db.transaction(async (manager) => {
      const mailing = await this.lockVisible(manager, actor, id);
      if (!from.includes(mailing.status)) throw new InvalidTransitionError('mailing', action, mailing.status);
      mailing.status = to;
      mailing.pausedReason = null;
      if (to === MailingStatus.CANCELLED) mailing.finishedAt = new Date();
      const saved = await manager.save(mailing);
      await also?.(manager);
      return saved;
    });
    await this.signals.mailingChanged(id);
    return saved;
  }

  private async startLanes(id: string): Promise<void> {
    await this.lanes
      .start(id)
      .catch((error) => this.logger.warn(`lanes of ${id} not enqueued (the reconciler will): ${error}`));
  }
}
