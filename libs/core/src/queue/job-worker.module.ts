import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerCheck } from './job-handler-check';

/** Imported by the worker process only: the start-up check of the job handlers. */
@Module({ imports: [DiscoveryModule], providers: [JobHandlerCheck] })
export class JobWorkerModule {}
