import { defineEnv, EnvSource, EnvValues, integer, parseEnv } from '@chorus/core';

function timeZone(raw: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw });
  } catch {
    throw new Error('expected an IANA time zone such as America/New_York');
  }
  return raw;
}

function cron(raw: string): string {
  const fields = raw.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f))) {
    throw new Error('expected a cron pattern of 5 fields (or 6 with seconds first), e.g. "0 7 * * *"');
  }
  return raw.trim();
}

/** Variables of the outreach area. */
export const outreachEnv = defineEnv({
  OUTREACH_REMINDER_SECONDS: {
    description: 'how long before a task is due its assignee gets the reminder email',
    default: '1800',
    parse: integer(1, 7 * 86400),
  },
  OUTREACH_DIGEST_CRON: {
    description: 'when the daily digest of overdue tasks goes out (cron, seconds optional)',
    default: '0 7 * * *',
    parse: cron,
  },
  OUTREACH_TIMEZONE: {
    description: 'time zone of the digest schedule and the default of calendar feeds',
    default: 'America/New_York',
    parse: timeZone,
  },
  OUTREACH_RECONCILE_SECONDS: {
    description: 'how often the worker re-arms reminders from PostgreSQL',
    default: '60',
    parse: integer(1, 86400),
  },
});

export type OutreachConfig = EnvValues<typeof outreachEnv>;
export const OUTREACH_CONFIG = Symbol('OUTREACH_CONFIG');
export const outreachConfigFactory = (env: EnvSource): OutreachConfig => parseEnv(outreachEnv, env);
export const isTimeZone = (raw: string): boolean => {
  try {
    return Boolean(timeZone(raw));
  } catch {
    return false;
  }
};
