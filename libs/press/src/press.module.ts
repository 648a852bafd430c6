import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHORUS_ENV, EnvSource } from '@chorus/core';
import { OrganizationsModule } from '@chorus/organizations';
import { CampaignsModule } from '@chorus/campaigns';
import { Outlet } from './entities/outlet.entity';
import { PressContact } from './entities/press-contact.entity';
import { PressList } from './entities/press-list.entity';
import { PressRelease } from './entities/press-release.entity';
import { PRESS_CONFIG, pressConfigFactory } from './press.config';
import { PressContactsService } from './press-contacts.service';
import { PressReleasesService } from './press-releases.service';
import { PressScheduler } from './press-scheduler';
import { PressPublisher } from './press-publisher';
import { PressContactsResolver, PressListsResolver } from './press-contacts.resolver';
import { PressReleasesResolver } from './press-releases.resolver';
import { PressProcessor } from './jobs/press.processor';
import { PressReconciler } from './jobs/press-reconciler';
import { PressOptOutController } from './opt-out/press-opt-out.controller';
import { PressOptOutService } from './opt-out/press-opt-out.service';

/** Press: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Outlet, PressContact, PressList, PressRelease]),
    OrganizationsModule,
    CampaignsModule,
  ],
  providers: [
    { provide: PRESS_CONFIG, inject: [CHORUS_ENV], useFactory: (env: EnvSource) => pressConfigFactory(env) },
    PressContactsService,
    PressReleasesService,
    PressScheduler,
  ],
  exports: [PRESS_CONFIG, PressContactsService, PressReleasesService, PressScheduler],
})
export class PressModule {}

/** Press: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({
  imports: [PressModule, OrganizationsModule, CampaignsModule],
  providers: [PressContactsResolver, PressListsResolver, PressReleasesResolver, PressOptOutService],
  controllers: [PressOptOutController],
})
export class PressApiModule {}

/** Press: BullMQ processors, loaded by the worker only. */
@Module({ imports: [PressModule], providers: [PressPublisher, PressReconciler, PressProcessor] })
export class PressWorkerModule {}
