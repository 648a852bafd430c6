import { Module } from '@nestjs/common';

/** Imports: entities, services and producers, shared by the API and the worker. */
@Module({})
export class ImportsModule {}

/** Imports: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [ImportsModule] })
export class ImportsApiModule {}

/** Imports: BullMQ processors, loaded by the worker only. */
@Module({ imports: [ImportsModule] })
export class ImportsWorkerModule {}
