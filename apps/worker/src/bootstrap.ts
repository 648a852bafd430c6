import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { EnvSource } from '@chorus/core';
import { WorkerModule } from './worker.module';

/** Builds and starts the worker (used by main.ts and by the e2e tests). */
export async function createWorker(env: EnvSource): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}
