import { ConfigError, defineEnv, email, EnvValues, integer, oneOf, secretText, text, trustProxy, url } from './env';

/** The variables every Chorus process reads. Areas declare their own beside their code. */
export const coreEnv = defineEnv({
  // Unset means production: only an explicit development or test run may keep the public defaults below.
  NODE_ENV: {
    description: 'development, test or production (unset: production)',
    default: 'production',
    parse: oneOf('development', 'test', 'production'),
  },
  PORT: { description: 'HTTP port of the API', default: '3000', parse: integer(0, 65535) },
  HOST: { description: 'address the API listens on', default: '127.0.0.1', parse: text },
  TRUST_PROXY: {
    description:
      'reverse proxies whose X-Forwarded-For is believed: none, a hop count, or addresses/subnets (loopback, uniquelocal, 10.0.0.0/8, …)',
    default: 'none',
    parse: trustProxy,
  },
  DATABASE_URL: {
    description: 'PostgreSQL connection URL',
    default: 'postgres://postgres@127.0.0.1:5432/chorus',
    parse: url('postgres:', 'postgresql:'),
  },
  DATABASE_POOL_SIZE: { description: 'connections per process', default: '10', parse: integer(1, 200) },
  REDIS_URL: {
    description: 'Redis connection URL (work queues, rate limits)',
    default: 'redis://127.0.0.1:6379',
    parse: url('redis:', 'rediss:'),
  },
  QUEUE_PREFIX: { description: 'prefix of every BullMQ key in Redis', default: 'chorus', parse: text },
  SMTP_URL: {
    description: 'outgoing mail server, smtp://host:port',
    default: 'smtp://127.0.0.1:1025',
    parse: url('smtp:', 'smtps:'),
  },
  MAIL_FROM: { description: 'sender of every email', default: 'Chorus <no-reply@chorus.localhost>', parse: email },
  PUBLIC_URL: {
    description: 'base of links in emails and feeds',
    default: 'http://localhost:3000',
    parse: url('http:', 'https:'),
  },
  JWT_SECRET: {
    description: 'secret that signs access tokens; link keys are derived from it (required outside development)',
    default: 'chorus-local-development-secret-change-me',
    // 32 characters: an HS256 key should hold at least the hash's 256 bits.
    parse: secretText(32),
  },
  JWT_EXPIRES_IN_SECONDS: { description: 'lifetime of an access token', default: '28800', parse: integer(60) },
  CHORUS_ADMIN_EMAIL: {
    description: 'email of the first admin, created when no user exists',
    default: 'admin@chorus.localhost',
    parse: email,
  },
  CHORUS_ADMIN_PASSWORD: {
    description: 'password of the first admin (required outside development)',
    default: 'chorus-admin-password',
    // The users' own password policy (PASSWORD_MIN_LENGTH in auth): the first admin is no exception.
    parse: secretText(10),
  },
  SHUTDOWN_GRACE_SECONDS: {
    description:
      'on SIGTERM, how long in-flight requests and jobs may take to finish; the process exits a second later at most',
    default: '8',
    parse: integer(1, 600),
  },
  LOG_LEVEL: {
    description: 'pino log level',
    default: 'info',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
});

export type CoreConfig = EnvValues<typeof coreEnv>;

/** The two values everybody can read in the README: a process not explicitly in development or test refuses them. */
export function assertNoPublicDefaults(config: CoreConfig): void {
  if (config.NODE_ENV === 'development' || config.NODE_ENV === 'test') return;
  const problems = (['JWT_SECRET', 'CHORUS_ADMIN_PASSWORD'] as const)
    .filter((name) => config[name].trim() === coreEnv[name].default)
    .map((name) => `${name} is the public development default; set your own (or NODE_ENV=development for a local run)`);
  if (problems.length > 0) throw new ConfigError(problems);
}
