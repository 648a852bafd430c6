import 'reflect-metadata';
import { assertEnv, runCli } from '@chorus/core';
import { CHORUS_ENVS } from '../../chorus-envs';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv(CHORUS_ENVS, process.env);
  await createWorker(process.env);
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
