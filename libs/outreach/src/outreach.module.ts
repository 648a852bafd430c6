import { Module } from '@nestjs/common';

/** Outreach: entities, services and producers, shared by the API and the worker. */
@Module({})
export class OutreachModule {}

/** Outreach: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [OutreachModule] })
export class OutreachApiModule {}

/** Outreach: BullMQ processors, loaded by the worker only. */
@Module({ imports: [OutreachModule] })
export class OutreachWorkerModule {}
