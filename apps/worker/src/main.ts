import 'reflect-metadata';
import { assertEnv, coreEnv, runCli } from '@chorus/core';
import { campaignsEnv } from '@chorus/campaigns';
import { importsEnv } from '@chorus/imports';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv([coreEnv, campaignsEnv, importsEnv], process.env);
  await createWorker(process.env);
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
