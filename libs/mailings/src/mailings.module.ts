import { Module } from '@nestjs/common';

/** Mailings: entities, services and producers, shared by the API and the worker. */
@Module({})
export class MailingsModule {}

/** Mailings: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({ imports: [MailingsModule] })
export class MailingsApiModule {}

/** Mailings: BullMQ processors, loaded by the worker only. */
@Module({ imports: [MailingsModule] })
export class MailingsWorkerModule {}
