// `npm run db:migrate`: applies pending migrations to DATABASE_URL.
import { parseEnv } from '../../config/env';
import { coreEnv } from '../../config/core.config';
import { runMigrations } from '../run-migrations';
import { runCli } from '../../config/run-cli';

runCli(async () => {
  const { DATABASE_URL } = parseEnv({ DATABASE_URL: coreEnv.DATABASE_URL }, process.env);
  const applied = await runMigrations(DATABASE_URL);
  process.stdout.write(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date\n',
  );
});
