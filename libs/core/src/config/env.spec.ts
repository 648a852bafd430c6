import { ConfigError, defineEnv, integer, parseEnv, url } from './env';
import { coreEnv } from './core.config';

describe('parseEnv', () => {
  const spec = defineEnv({
    PORT: { description: 'port', default: '3000', parse: integer(0, 65535) },
    DATABASE_URL: { description: 'db', parse: url('postgres:') },
  });

  it('applies defaults for unset and empty variables', () => {
    expect(parseEnv(spec, { PORT: '', DATABASE_URL: 'postgres://h/db' })).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://h/db',
    });
  });

  it('reports every problem at once, naming each variable', () => {
    expect(() => parseEnv(spec, { PORT: '70000' })).toThrow(ConfigError);
    try {
      parseEnv(spec, { PORT: '70000' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'PORT="70000" is invalid: expected a whole number from 0 to 65535',
        'DATABASE_URL is required (db)',
      ]);
    }
  });

  it('rejects a URL of the wrong kind', () => {
    expect(() => parseEnv(spec, { DATABASE_URL: 'mysql://h/db' })).toThrow(/expected a URL starting with postgres:/);
    expect(() => parseEnv(spec, { DATABASE_URL: 'nonsense' })).toThrow(/expected a URL/);
  });

  it('has a working local default for every core variable', () => {
    expect(() => parseEnv(coreEnv, {})).not.toThrow();
  });
});
