import { CHORUS_ENV, defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

/** Variables of the mailing engine (send lanes, batches, leases, the shared send rate). */
export const mailingsEnv = defineEnv({
  MAILING_BATCH_SIZE: {
    description: 'deliveries a lane claims and sends at once',
    default: '250',
    parse: integer(1, 5000),
  },
  MAILING_LANES: {
    description: 'parallel send lanes per mailing (spread over all workers)',
    default: '6',
    parse: integer(1, 64),
  },
  MAILING_SMTP_CONNECTIONS: {
    description: 'SMTP connections per worker process for mailings',
    default: '8',
    parse: integer(1, 100),
  },
  MAILING_LEASE_SECONDS: {
    description: 'after this, a batch claimed by a silent worker is claimed again',
    default: '60',
    parse: integer(1, 3600),
  },
  MAILING_MAX_ATTEMPTS: {
    description: 'tries per recipient on 4xx or connection errors before FAILED',
    default: '5',
    parse: integer(1, 50),
  },
  MAILING_RETRY_BASE_MS: {
    description: 'first retry delay after a transient SMTP error (doubles each try)',
    default: '2000',
    parse: integer(0),
  },
  MAILING_RATE_PER_SECOND: {
    description: 'messages per second over all workers, 0 = unlimited',
    default: '0',
    parse: integer(0),
  },
  MAILING_RATE_PER_HOUR: {
    description: 'messages per sliding hour over all workers, 0 = unlimited',
    default: '0',
    parse: integer(0),
  },
  MAILING_RECONCILE_SECONDS: {
    description: 'how often a worker checks PostgreSQL for mailings whose queue work was lost',
    default: '5',
    parse: integer(1, 3600),
  },
  MAILING_SIGNAL_MAX_AGE_MS: {
    description:
      'a lane hands a message to SMTP only after reading the pause/cancel/opt-out signals at most this long before; pause, resume, cancel and unsubscribe answer after waiting this long',
    default: '100',
    parse: integer(1, 5000),
  },
  MAILING_RECHECK_MS: {
    description:
      "a lane re-reads its batch recipients' suppression in PostgreSQL at least this often while sending (opt-outs written without the Redis signal)",
    default: '5000',
    parse: integer(50, 600000),
  },
  MAILING_SMTP_BACKOFF_MS: {
    description: 'first wait before reconnecting once the SMTP relay refuses connections (doubles each failure)',
    default: '1000',
    parse: integer(10, 600000),
  },
  MAILING_SMTP_BACKOFF_MAX_MS: {
    description: 'longest wait between reconnection attempts while the SMTP relay is down',
    default: '30000',
    parse: integer(10, 3600000),
  },
  MAILING_STORM_PERCENT: {
    description:
      "pause the mailing when at least this % of a batch's recipients get a 5xx at RCPT that is not a mailbox error (5.1.x)",
    default: '50',
    parse: integer(1, 100),
  },
  MAILING_STORM_MIN_RECIPIENTS: {
    description: 'recipients a batch must have tried before the storm rule applies',
    default: '10',
    parse: integer(1, 5000),
  },
});

export type MailingsConfig = EnvValues<typeof mailingsEnv>;
export const MAILINGS_CONFIG = Symbol('MAILINGS_CONFIG');

export const mailingsConfigProvider = {
  provide: MAILINGS_CONFIG,
  inject: [CHORUS_ENV],
  useFactory: (env: EnvSource): MailingsConfig => parseEnv(mailingsEnv, env),
};
