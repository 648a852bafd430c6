import 'reflect-metadata';
import { assertEnv, coreEnv, runCli } from '@chorus/core';
import { pressEnv } from '@chorus/press';
import { outreachEnv } from '@chorus/outreach';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv([coreEnv, pressEnv, outreachEnv], process.env);
  await createWorker(process.env);
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
