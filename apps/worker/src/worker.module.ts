import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, EnvSource, JobWorkerModule, QueueModule } from '@chorus/core';
import { AuditModule } from '@chorus/audit';
import { MailModule } from '@chorus/mail';
import { ObservabilityWorkerModule } from '@chorus/observability';
import { AuthWorkerModule } from '@chorus/auth';
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
        QueueModule.forWorker(),
        JobWorkerModule,
        AuditModule,
        MailModule,
        ObservabilityWorkerModule,
        AuthWorkerModule,
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
