import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AddressThrottle, badInput, isUniqueViolation, NotFoundError, RedisClient } from '@chorus/core';
import { CampaignsService, CampaignStatus } from '@chorus/campaigns';
import { OrganizationsService } from '@chorus/organizations';
import { ConsentService, ConsentSource, PeopleService } from '@chorus/people';
import { Reservation, ReservationStatus } from './entities/reservation.entity';
import { CampaignReservationInput } from './dto/public-reservation.inputs';
import { ReservationsService } from './reservations.service';
import { REGISTRY_CONFIG, RegistryConfig } from './registry.config';

/**
 * The campaign tie-in (public): next to signing a campaign, a creator asks for a reservation of
 * all their works, managed by the organization that recruited them. It answers the same whatever
 * exists, never changes an existing reservation (whoever knows an email must not rewrite it), and
 * creates a PENDING one that is published only after the emailed confirmation. Asking for a
 * reservation is not consent to be mailed: a person it creates is not subscribed (their consent
 * event records the text shown, as UNSUBSCRIBED), and a suppressed email is ignored.
 */
@Injectable()
export class PublicReservationService {
  // Redis away lets a request through: the emailed confirmation still guards publication.
  private readonly throttle: AddressThrottle;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    redis: RedisClient,
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
    private readonly people: PeopleService,
    private readonly consent: ConsentService,
    private readonly reservations: ReservationsService,
  ) {
    this.throttle = new AddressThrottle(redis, {
      keyPrefix: 'registry-request-ip',
      points: config.REGISTRY_REQUEST_RATE_LIMIT,
      durationSeconds: 3600,
      what: 'requests',
    });
  }

  async request(input: CampaignReservationInput, clientIp: string): Promise<true> {
    await this.throttle.consume(clientIp);
    const campaign = await this.campaigns.findBySlug(input.slug);
    if (!campaign || campaign.status !== CampaignStatus.ACTIVE) throw new NotFoundError('Campaign', input.slug);
    if (!(await this.organizations.find(input.organizationId)))
      badInput('organizationId', 'is not an organization of the coalition');
    // An erased (or suppressed) email is never added again; the answer stays the same (no enumeration).
    if (await this.consent.isSuppressed(input.email)) return true;
    let created: Reservation | null;
    try {
      created = await this.record(input, clientIp);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      created = await this.record(input, clientIp); // a concurrent request of the same email or reservation
    }
    if (created) await this.reservations.requestConfirmation(created);
    return true;
  }

  private record(input: CampaignReservationInput, clientIp: string): Promise<Reservation | null> {
    return this.dataSource.transaction(async (manager) => {
      const { person } = await this.people.findOrCreate(
        {
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          consentText: input.consentText,
          consentSource: ConsentSource.PUBLIC_SIGNUP,
          ip: clientIp,
        },
        manager,
        { subscribe: false },
      );
      const repository = manager.getRepository(Reservation);
      const existing = await repository.findOneBy({ creatorPersonId: person.id, organizationId: input.organizationId });
      if (existing) return null;
      return repository.save(
        repository.create({
          organizationId: input.organizationId,
          creatorPersonId: person.id,
          workId: null,
          tdmReserved: true,
          allowAiTraining: input.allowAiTraining,
          allowGenerativeAi: input.allowGenerativeAi,
          allowSearchIndexing: input.allowSearchIndexing,
          effectiveFrom: new Date().toISOString().slice(0, 10),
          status: ReservationStatus.PENDING,
        }),
      );
    });
  }
}
