import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '@chorus/people';
import { CampaignsModule } from '@chorus/campaigns';
import { PressModule } from '@chorus/press';
import { Mailing } from './entities/mailing.entity';
import { mailingsConfigProvider } from './mailings.config';
import { MailingsService } from './mailings.service';
import { AudiencePolicy } from './audience/audience-policy';
import { DeliveriesQueries } from './deliveries.queries';
import { MailingLanes } from './mailing-lanes';
import { MailingsResolver } from './mailings.resolver';
import { MailingDraftsService } from './mailing-drafts.service';
import { MailingDraftsResolver } from './mailing-drafts.resolver';
import { UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { UnsubscribeService } from './unsubscribe/unsubscribe.service';
import { DeliveriesPersonData } from './deliveries-person-data';
import { LaneRunner } from './sending/lane-runner';
import { MailingsProcessor } from './sending/mailings.processor';
import { MailingsReconciler } from './sending/mailings-reconciler';
import { MailingSignals } from './signals/mailing-signals';

/** Mailings: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Mailing]), PeopleModule, CampaignsModule, PressModule],
  providers: [
    mailingsConfigProvider,
    MailingsService,
    AudiencePolicy,
    DeliveriesQueries,
    MailingLanes,
    UnsubscribeService,
    MailingSignals,
    DeliveriesPersonData,
  ],
  exports: [
    mailingsConfigProvider,
    MailingsService,
    AudiencePolicy,
    DeliveriesQueries,
    MailingLanes,
    UnsubscribeService,
    MailingSignals,
    DeliveriesPersonData,
  ],
})
export class MailingsModule {}

/** Mailings: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({
  imports: [MailingsModule],
  providers: [MailingsResolver, MailingDraftsService, MailingDraftsResolver],
  controllers: [UnsubscribeController],
})
export class MailingsApiModule {}

/** Mailings: BullMQ processors and the reconciler, loaded by the worker only. */
@Module({ imports: [MailingsModule], providers: [LaneRunner, MailingsProcessor, MailingsReconciler] })
export class MailingsWorkerModule {}
