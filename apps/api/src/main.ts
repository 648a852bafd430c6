import 'reflect-metadata';
import { assertEnv, coreEnv, parseEnv, runCli } from '@chorus/core';
import { CHORUS_ENVS } from '../../chorus-envs';
import { createApiApp } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-api';

runCli(async () => {
  assertEnv(CHORUS_ENVS, process.env);
  const config = parseEnv(coreEnv, process.env);
  const app = await createApiApp(process.env);
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(`chorus api listening on http://${config.HOST}:${config.PORT}/graphql\n`);
});
