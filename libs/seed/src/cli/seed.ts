// `npm run db:seed`: the demo coalition in DATABASE_URL (migrations first). Safe to run twice.
import { coreEnv, parseEnv, runCli, runMigrations } from '@chorus/core';
import { seedDemo } from '../seed-demo';

runCli(async () => {
  const config = parseEnv(coreEnv, process.env);
  await runMigrations(config.DATABASE_URL);
  await seedDemo(config.DATABASE_URL, { email: config.CHORUS_ADMIN_EMAIL, password: config.CHORUS_ADMIN_PASSWORD }, (line) => process.stdout.write(`${line}\n`));
});
