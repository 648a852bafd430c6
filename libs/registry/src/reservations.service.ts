import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Actor,
  badInput,
  CORE_CONFIG,
  CoreConfig,
  InvalidTransitionError,
  isAdmin,
  JobQueue,
  NotFoundError,
} from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { PeopleService } from '@chorus/people';
import { Reservation, ReservationStatus } from './entities/reservation.entity';
import { Work } from './entities/work.entity';
import { SetReservationInput } from './dto/reservation.inputs';
import { managingOrganization, WorksService } from './works.service';
import { LookupCache } from './publication/lookup-cache';
import { reservationToken, verifyReservationToken } from './reservation-token';

export interface PendingReservation {
  reservation: Reservation;
  /** The work's title, or null for a creator-wide reservation. */
  workTitle: string | null;
}

/**
 * TDM reservations. Setting one either records the organization's attestation (who attested) or
 * asks the creator to confirm by email (double opt-in); only confirmed or attested reservations
 * are published. Every change is audited through the entity.
 */
@Injectable()
export class ReservationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly works: WorksService,
    private readonly people: PeopleService,
    private readonly jobs: JobQueue,
    private readonly cache: LookupCache,
  ) {}

  async set(actor: Actor, input: SetReservationInput): Promise<Reservation> {
    if (!input.workId === !input.creatorPersonId) badInput('workId', 'give either workId or creatorPersonId');
    const repository = this.dataSource.getRepository(Reservation);
    let target: { organizationId: string; workId: string | null; creatorPersonId: string | null };
    let creator: string | null;
    if (input.workId) {
      const work = await this.works.get(actor, input.workId);
      target = { organizationId: work.organizationId, workId: work.id, creatorPersonId: null };
      creator = work.creatorPersonId;
    } else {
      const organizationId = managingOrganization(actor, input.organizationId);
      if (!(await this.people.isVisible(actor, input.creatorPersonId!)))
        badInput('creatorPersonId', 'is not a person of your organization');
      target = { organizationId, workId: null, creatorPersonId: input.creatorPersonId! };
      creator = input.creatorPersonId!;
    }
    if (!input.attest && !creator)
      badInput('attest', 'a work without a creator has nobody to confirm by email: the organization must attest');

    const existing = await repository.findOneBy(
      target.workId
        ? { workId: target.workId }
        : { creatorPersonId: target.creatorPersonId!, organizationId: target.organizationId },
    );
    const reservation = existing ?? repository.create(target);
    Object.assign(reservation, {
      tdmReserved: input.tdmReserved,
      allowAiTraining: input.allowAiTraining,
      allowGenerativeAi: input.allowGenerativeAi,
      allowSearchIndexing: input.allowSearchIndexing,
      licensingContact: input.licensingContact ?? null,
      policyUrl: input.policyUrl ?? null,
      effectiveFrom: input.effectiveFrom ?? new Date().toISOString().slice(0, 10),
      status: input.attest ? ReservationStatus.ATTESTED : ReservationStatus.PENDING,
      attestedByUserId: input.attest ? actor.userId : null,
      confirmedAt: null,
      updatedAt: new Date(),
    });
    const saved = await repository.save(reservation);
    this.cache.invalidate();
    if (saved.status === ReservationStatus.PENDING) await this.requestConfirmation(saved);
    return saved;
  }

  async withdraw(actor: Actor, id: string): Promise<Reservation> {
    const reservation = await this.get(actor, id);
    if (reservation.status === ReservationStatus.WITHDRAWN)
      throw new InvalidTransitionError('reservation', 'withdraw', reservation.status);
    reservation.status = ReservationStatus.WITHDRAWN;
    reservation.updatedAt = new Date();
    const saved = await this.dataSource.getRepository(Reservation).save(reservation);
    this.cache.invalidate();
    return saved;
  }

  /** A reservation of a work or creator the actor manages, or NOT_FOUND. */
  async get(actor: Actor, id: string): Promise<Reservation> {
    const reservation = isUuid(id) ? await this.dataSource.getRepository(Reservation).findOneBy({ id }) : null;
    if (!reservation || (!isAdmin(actor) && reservation.organizationId !== actor.organizationId))
      throw new NotFoundError('Reservation', id);
    return reservation;
  }

  /** Unscoped, for the worker's handlers. */
  byId(id: string): Promise<Reservation | null> {
    return this.dataSource.getRepository(Reservation).findOneBy({ id });
  }

  /** Reservations of the works and creators an organization manages (scoped). */
  async list(
    actor: Actor,
    filter: { workId?: string | null; creatorPersonId?: string | null },
  ): Promise<Reservation[]> {
    const query = this.dataSource.getRepository(Reservation).createQueryBuilder('r').orderBy('r.id').take(500);
    if (!isAdmin(actor)) query.andWhere('r.organization_id = :org', { org: actor.organizationId });
    if (filter.workId) query.andWhere('r.work_id = :work', { work: filter.workId });
    if (filter.creatorPersonId) query.andWhere('r.creator_person_id = :creator', { creator: filter.creatorPersonId });
    return query.getMany();
  }

  /** One email per request: a new request (after a change) gets a new job id. */
  async requestConfirmation(reservation: Reservation): Promise<void> {
    await this.jobs.enqueue(
      'registry.reservation-confirmation',
      { reservationId: reservation.id },
      { jobId: `registry-reservation-confirmation-${reservation.id}-${reservation.updatedAt.getTime()}` },
    );
  }

  confirmationUrl(reservationId: string): string {
    return `${this.config.PUBLIC_URL}/confirm/reservation/${reservationToken(reservationId, this.config.JWT_SECRET)}`;
  }

  /** The reservation behind a confirmation link, or NOT_FOUND for a forged or stale token. */
  async pending(token: string): Promise<PendingReservation> {
    const id = verifyReservationToken(token, this.config.JWT_SECRET);
    const reservation = id ? await this.dataSource.getRepository(Reservation).findOneBy({ id }) : null;
    if (!reservation) throw new NotFoundError('Confirmation link');
    const work = reservation.workId
      ? await this.dataSource.getRepository(Work).findOneBy({ id: reservation.workId })
      : null;
    return { reservation, workTitle: work?.title ?? null };
  }

  /** The creator confirms (idempotent); a withdrawn reservation cannot be confirmed. */
  async confirm(token: string): Promise<PendingReservation> {
    const pending = await this.pending(token);
    const { reservation } = pending;
    if (reservation.status === ReservationStatus.WITHDRAWN)
      throw new InvalidTransitionError('reservation', 'confirm', reservation.status);
    if (reservation.status !== ReservationStatus.PENDING) return pending;
    await this.dataSource.transaction(async (manager) => {
      reservation.status = ReservationStatus.CONFIRMED;
      reservation.confirmedAt = new Date();
      reservation.updatedAt = reservation.confirmedAt;
      await manager.save(reservation);
      const creator =
        reservation.creatorPersonId ?? (await manager.findOneBy(Work, { id: reservation.workId! }))?.creatorPersonId;
      if (creator) await this.people.markEmailConfirmed(creator, manager);
    });
    this.cache.invalidate();
    return pending;
  }
}
