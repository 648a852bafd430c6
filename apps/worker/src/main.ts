import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { assertEnv, coreEnv, installGracefulShutdown, parseEnv, runCli } from '@chorus/core';
import { CHORUS_ENVS } from '../../chorus-envs';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv(CHORUS_ENVS, process.env);
  const config = parseEnv(coreEnv, process.env);
  const app = await createWorker(process.env);
  installGracefulShutdown(app, { graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000, logger: app.get(Logger) });
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
