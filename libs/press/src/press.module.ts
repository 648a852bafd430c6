import { Module } from '@nestjs/common';

/** Press: entities, services and producers, shared by the API and the worker. */
@Module({})
export class PressModule {}

/** Press: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [PressModule] })
export class PressApiModule {}

/** Press: BullMQ processors, loaded by the worker only. */
@Module({ imports: [PressModule] })
export class PressWorkerModule {}
