import { Module } from '@nestjs/common';

/** Campaigns: entities, services and producers, shared by the API and the worker. */
@Module({})
export class CampaignsModule {}

/** Campaigns: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [CampaignsModule] })
export class CampaignsApiModule {}

/** Campaigns: BullMQ processors, loaded by the worker only. */
@Module({ imports: [CampaignsModule] })
export class CampaignsWorkerModule {}
