import { assertNoPublicDefaults, coreEnv } from './core.config';
import { parseEnv, trustProxy } from './env';
import { linkKey } from '../crypto/link-keys';

describe('assertNoPublicDefaults', () => {
  const secrets = { JWT_SECRET: 'a-production-secret-0123456789abcdef', CHORUS_ADMIN_PASSWORD: 'an-admin-password' };

  it('treats an unset NODE_ENV as production and names each public default', () => {
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, {}))).toThrow(
      /JWT_SECRET is the public development default.*CHORUS_ADMIN_PASSWORD is the public development default/,
    );
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { JWT_SECRET: secrets.JWT_SECRET }))).toThrow(
      /^Invalid configuration: CHORUS_ADMIN_PASSWORD/,
    );
  });

  it('refuses the defaults with spaces around them too', () => {
    expect(() =>
      assertNoPublicDefaults(
        parseEnv(coreEnv, { ...secrets, JWT_SECRET: ` ${coreEnv.JWT_SECRET.default!} `, NODE_ENV: 'production' }),
      ),
    ).toThrow(/JWT_SECRET is the public development default/);
  });

  it('accepts them only in development and test, and custom values anywhere', () => {
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'development' }))).not.toThrow();
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'test' }))).not.toThrow();
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'production', ...secrets }))).not.toThrow();
  });
});

describe('secrets', () => {
  it.each([
    ['JWT_SECRET', 'aaaaaaaaaaaaaaaa', /JWT_SECRET=.*expected at least 32 characters/],
    ['JWT_SECRET', 'ab'.repeat(20), /JWT_SECRET=.*expected at least 8 different characters/],
    ['JWT_SECRET', `${' '.repeat(10)}0123456789abcdefghijklmn${' '.repeat(10)}`, /JWT_SECRET=.*at least 32 characters/],
    ['CHORUS_ADMIN_PASSWORD', 'password', /CHORUS_ADMIN_PASSWORD=.*expected at least 10 characters/],
    ['CHORUS_ADMIN_PASSWORD', '1111111111111', /CHORUS_ADMIN_PASSWORD=.*expected at least 8 different characters/],
  ])('refuses a weak %s (%p) in every mode', (name, value, message) => {
    for (const NODE_ENV of ['production', 'development'])
      expect(() => parseEnv(coreEnv, { NODE_ENV, [name]: value })).toThrow(message);
  });

  it("accepts a random secret and a password of the users' policy", () => {
    const config = parseEnv(coreEnv, {
      JWT_SECRET: 'Zx8vQ2mL0pR7tY4wK1nB6cJ9hF3sD5gA',
      CHORUS_ADMIN_PASSWORD: 'correct horse',
    });
    expect(config.CHORUS_ADMIN_PASSWORD).toBe('correct horse');
  });
});

describe('trustProxy', () => {
  it.each([
    ['none', false],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8,fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('reads %p', (raw, expected) => expect(trustProxy(raw)).toEqual(expected));

  it.each(['true', '*', '10.0.0.0/33', 'proxy.example'])('refuses %p', (raw) =>
    expect(() => trustProxy(raw)).toThrow(/expected none/),
  );
});

describe('linkKey', () => {
  it('derives a different key per purpose, none of them the secret', () => {
    const secret = 'a-secret-of-some-length';
    const unsubscribe = linkKey(secret, 'unsubscribe');
    expect(unsubscribe).toHaveLength(32);
    expect(unsubscribe.equals(linkKey(secret, 'signature-confirmation'))).toBe(false);
    expect(unsubscribe.toString('utf8')).not.toContain(secret);
  });
});
