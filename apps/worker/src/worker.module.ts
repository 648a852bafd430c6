import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, EnvSource, QueueModule } from '@chorus/core';
import { AuditModule } from '@chorus/audit';
import { MailModule } from '@chorus/mail';
import { ObservabilityWorkerModule } from '@chorus/observability';
import { CampaignsWorkerModule } from '@chorus/campaigns';
import { PressWorkerModule } from '@chorus/press';
import { OutreachWorkerModule } from '@chorus/outreach';
import { MailingsWorkerModule } from '@chorus/mailings';
import { ImportsWorkerModule } from '@chorus/imports';
import { RegistryWorkerModule } from '@chorus/registry';

/** The worker process: every BullMQ processor, no GraphQL, no HTTP. */
@Module({})
export class WorkerModule {
  static register(env: EnvSource): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(env),
        DatabaseModule,
        QueueModule,
        AuditModule,
        MailModule,
        ObservabilityWorkerModule,
        CampaignsWorkerModule,
        PressWorkerModule,
        OutreachWorkerModule,
        MailingsWorkerModule,
        ImportsWorkerModule,
        RegistryWorkerModule,
      ],
    };
  }
}
