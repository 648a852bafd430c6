import { ConfigError, parseEnv } from '@chorus/core';
import { outreachEnv } from './outreach.config';

describe('outreach config', () => {
  it('has working defaults', () => {
    expect(parseEnv(outreachEnv, {})).toEqual({
      OUTREACH_REMINDER_SECONDS: 1800,
      OUTREACH_DIGEST_CRON: '0 7 * * *',
      OUTREACH_TIMEZONE: 'America/New_York',
      OUTREACH_RECONCILE_SECONDS: 60,
    });
  });

  it('names the bad variable', () => {
    expect(() =>
      parseEnv(outreachEnv, { OUTREACH_TIMEZONE: 'Mars/Olympus', OUTREACH_DIGEST_CRON: 'every day' }),
    ).toThrow(ConfigError);
    expect(() => parseEnv(outreachEnv, { OUTREACH_TIMEZONE: 'Mars/Olympus' })).toThrow(/OUTREACH_TIMEZONE/);
    expect(() => parseEnv(outreachEnv, { OUTREACH_DIGEST_CRON: 'every day' })).toThrow(/OUTREACH_DIGEST_CRON/);
    expect(parseEnv(outreachEnv, { OUTREACH_DIGEST_CRON: '*/2 * * * * *' }).OUTREACH_DIGEST_CRON).toBe('*/2 * * * * *');
  });
});
