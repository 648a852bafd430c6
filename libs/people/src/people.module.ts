import { Module } from '@nestjs/common';

/** People: entities, services and producers, shared by the API and the worker. */
@Module({})
export class PeopleModule {}

/** People: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [PeopleModule] })
export class PeopleApiModule {}

/** People: BullMQ processors, loaded by the worker only. */
@Module({ imports: [PeopleModule] })
export class PeopleWorkerModule {}
