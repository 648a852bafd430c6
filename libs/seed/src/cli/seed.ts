// `npm run db:seed`: the demo coalition in DATABASE_URL (migrations first). Safe to run twice.
import { ConfigError, coreEnv, parseEnv, runCli, runMigrations } from '@chorus/core';
import { seedDemo } from '../seed-demo';

runCli(async () => {
  const config = parseEnv(coreEnv, process.env);
  // Demo users have documented passwords: never in a production database (NODE_ENV unset counts as production).
  if (config.NODE_ENV === 'production')
    throw new ConfigError([
      'db:seed writes demo users with public passwords and refuses to run in production; set NODE_ENV=development for a demo database',
    ]);
  await runMigrations(config.DATABASE_URL);
  await seedDemo(
    config.DATABASE_URL,
    { email: config.CHORUS_ADMIN_EMAIL, password: config.CHORUS_ADMIN_PASSWORD },
    (line) => process.stdout.write(`${line}\n`),
  );
});
