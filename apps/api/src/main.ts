import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { assertEnv, coreEnv, installGracefulShutdown, parseEnv, runCli } from '@chorus/core';
import { CHORUS_ENVS } from '../../chorus-envs';
import { createApiApp } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-api';

runCli(async () => {
  assertEnv(CHORUS_ENVS, process.env);
  const config = parseEnv(coreEnv, process.env);
  const app = await createApiApp(process.env);
  await app.listen(config.PORT, config.HOST);
  installGracefulShutdown(app, {
    graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
    logger: app.get(Logger),
    server: app.getHttpServer(),
  });
  process.stdout.write(`chorus api listening on http://${config.HOST}:${config.PORT}/graphql\n`);
});
