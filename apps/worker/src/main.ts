import 'reflect-metadata';
import { assertEnv, coreEnv, runCli } from '@chorus/core';
import { campaignsEnv } from '@chorus/campaigns';
import { pressEnv } from '@chorus/press';
import { outreachEnv } from '@chorus/outreach';
import { mailingsEnv } from '@chorus/mailings';
import { importsEnv } from '@chorus/imports';
import { createWorker } from './bootstrap';

process.env.CHORUS_PROCESS_NAME ??= 'chorus-worker';

runCli(async () => {
  assertEnv([coreEnv, campaignsEnv, pressEnv, outreachEnv, mailingsEnv, importsEnv], process.env);
  await createWorker(process.env);
  process.stdout.write(`chorus worker ${process.pid} consuming queues\n`);
});
