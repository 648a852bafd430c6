import 'reflect-metadata';
import { assertEnv, coreEnv, parseEnv, runCli } from '@chorus/core';
import { campaignsEnv } from '@chorus/campaigns';
import { pressEnv } from '@chorus/press';
import { outreachEnv } from '@chorus/outreach';
import { mailingsEnv } from '@chorus/mailings';
import { importsEnv } from '@chorus/imports';
import { createApiApp } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-api';

runCli(async () => {
  assertEnv([coreEnv, campaignsEnv, pressEnv, outreachEnv, mailingsEnv, importsEnv], process.env);
  const config = parseEnv(coreEnv, process.env);
  const app = await createApiApp(process.env);
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(`chorus api listening on http://${config.HOST}:${config.PORT}/graphql\n`);
});
