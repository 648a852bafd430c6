import { assertNoPublicDefaults, coreEnv } from './core.config';
import { parseEnv, trustProxy } from './env';
import { linkKey } from '../crypto/link-keys';

describe('assertNoPublicDefaults', () => {
  const secrets = { JWT_SECRET: 'x'.repeat(32), CHORUS_ADMIN_PASSWORD: 'y'.repeat(12) };

  it('treats an unset NODE_ENV as production and names each public default', () => {
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, {}))).toThrow(
      /JWT_SECRET is the public development default.*CHORUS_ADMIN_PASSWORD is the public development default/,
    );
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { JWT_SECRET: secrets.JWT_SECRET }))).toThrow(
      /^Invalid configuration: CHORUS_ADMIN_PASSWORD/,
    );
  });

  it('accepts them only in development and test, and custom values anywhere', () => {
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'development' }))).not.toThrow();
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'test' }))).not.toThrow();
    expect(() => assertNoPublicDefaults(parseEnv(coreEnv, { NODE_ENV: 'production', ...secrets }))).not.toThrow();
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
