// Development mail catcher: MAIL_CATCHER_PORT (1025) and MAIL_CATCHER_DIR (var/mail).
import { resolve } from 'node:path';
import { runCli } from '@chorus/core';
import { startMailCatcher } from '../mail-catcher';

runCli(async () => {
  const port = Number(process.env.MAIL_CATCHER_PORT ?? 1025);
  const directory = resolve(process.env.MAIL_CATCHER_DIR ?? 'var/mail');
  await startMailCatcher({ port, directory });
  process.stdout.write(`mail catcher: smtp://127.0.0.1:${port}, messages saved in ${directory}\n`);
});
