import 'reflect-metadata';
import { assertEnv, coreEnv, runCli } from '@chorus/core';
import { mailingsEnv } from '@chorus/mailings';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv([coreEnv, mailingsEnv], process.env);
  await createWorker(process.env);
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
