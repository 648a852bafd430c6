import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHORUS_ENV, EnvSource, parseEnv } from '@chorus/core';
import { OrganizationsModule } from '@chorus/organizations';
import { PeopleModule } from '@chorus/people';
import { ImportJob, ImportRowError } from './entities/import-job.entity';
import { IMPORTS_CONFIG, importsEnv } from './imports.config';
import { ImportsService } from './imports.service';
import { ImportUploadService } from './upload/import-upload.service';
import { ImportsResolver } from './imports.resolver';
import { ImportJobsResolver } from './import-jobs.resolver';
import { ImportsController } from './imports.controller';
import { ImportMergerService } from './merge/import-merger.service';
import { ImportsProcessor } from './jobs/imports.processor';
import { ImportsReconciler } from './jobs/imports.reconciler';
import { PeopleExportService } from './export/people-export.service';
import { ExportsController } from './export/exports.controller';

const config = {
  provide: IMPORTS_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource) => parseEnv(importsEnv, env),
};

/** Imports: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([ImportJob, ImportRowError]), OrganizationsModule],
  providers: [config, ImportsService, ImportUploadService],
  exports: [config, ImportsService, ImportUploadService, OrganizationsModule],
})
export class ImportsModule {}

/** Imports: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({
  imports: [ImportsModule, PeopleModule],
  providers: [ImportsResolver, ImportJobsResolver, PeopleExportService],
  controllers: [ImportsController, ExportsController],
})
export class ImportsApiModule {}

/** Imports: BullMQ processors, loaded by the worker only. */
@Module({ imports: [ImportsModule], providers: [ImportMergerService, ImportsProcessor, ImportsReconciler] })
export class ImportsWorkerModule {}
