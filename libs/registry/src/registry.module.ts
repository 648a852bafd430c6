import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '@chorus/people';
import { CampaignsModule } from '@chorus/campaigns';
import { Work } from './entities/work.entity';
import { Reservation } from './entities/reservation.entity';
import { REGISTRY_CONFIG, registryConfigProvider } from './registry.config';
import { WorksService } from './works.service';
import { ReservationsService } from './reservations.service';
import { LookupCache } from './publication/lookup-cache';
import { LookupService } from './publication/lookup.service';
import { PublicRegistryQueries } from './publication/public-registry.queries';
import { WorksImportService } from './import/works-import.service';
import { WorksResolver } from './works.resolver';
import { PublicReservationService } from './public-reservation.service';
import { PublicReservationResolver } from './public-reservation.resolver';
import { RegistryDashboardResolver } from './registry-dashboard.resolver';
import { LookupHandler } from './publication/lookup.handler';
import { PublicationController } from './publication/publication.controller';
import { ReservationConfirmController } from './publication/reservation-confirm.controller';
import { WorksImportController } from './import/works-import.controller';
import { ReservationConfirmationMailer } from './jobs/reservation-confirmation.mailer';
import { RegistryProcessor } from './jobs/registry.processor';
import { RegistryWorksPersonData, TdmReservationsPersonData } from './registry-person-data';

const services = [
  WorksService,
  ReservationsService,
  LookupCache,
  PublicRegistryQueries,
  RegistryWorksPersonData,
  TdmReservationsPersonData,
];

/** The opt-out registry: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Work, Reservation]), PeopleModule],
  providers: [registryConfigProvider, ...services],
  exports: [...services, REGISTRY_CONFIG, PeopleModule],
})
export class RegistryModule {}

/** The registry's GraphQL resolvers and public HTTP endpoints, loaded by the API only. */
@Module({
  imports: [RegistryModule, CampaignsModule],
  providers: [
    PublicReservationService,
    PublicReservationResolver,
    LookupService,
    LookupHandler,
    WorksImportService,
    WorksResolver,
    RegistryDashboardResolver,
  ],
  controllers: [PublicationController, ReservationConfirmController, WorksImportController],
})
export class RegistryApiModule {}

/** The registry's BullMQ processor (confirmation emails), loaded by the worker only. */
@Module({ imports: [RegistryModule], providers: [ReservationConfirmationMailer, RegistryProcessor] })
export class RegistryWorkerModule {}
