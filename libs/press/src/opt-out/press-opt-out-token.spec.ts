import { createHmac } from 'node:crypto';
import { linkKey } from '@chorus/core';
import { PressOptOutTokens } from './press-opt-out-token';

describe('PressOptOutTokens', () => {
  const secret = 'a-test-secret-of-some-length-32+';
  const tokens = new PressOptOutTokens(secret);
  const target = {
    contactId: '0193a0b1-1111-7222-8333-444455556666',
    releaseId: '0193a0b1-aaaa-7bbb-8ccc-ddddeeeeffff',
  };

  it('round-trips a signed token', () => {
    const token = tokens.sign(target);
    expect(token).toMatch(/^[\w-]{43}\.[\w-]{22}$/);
    expect(tokens.verify(token)).toEqual(target);
  });

  it('signs with its own HKDF link key: neither the secret itself nor the unsubscribe key', () => {
    const payload = tokens.sign(target).split('.')[0];
    const macUnder = (key: Buffer | string) =>
      createHmac('sha256', key)
        .update(Buffer.from(payload, 'base64url'))
        .digest()
        .subarray(0, 16)
        .toString('base64url');
    expect(tokens.sign(target)).toBe(`${payload}.${macUnder(linkKey(secret, 'press-opt-out'))}`);
    expect(tokens.verify(`${payload}.${macUnder(secret)}`)).toBeNull();
    expect(tokens.verify(`${payload}.${macUnder(linkKey(secret, 'unsubscribe'))}`)).toBeNull();
  });

  it('rejects a token with any character changed', () => {
    const token = tokens.sign(target);
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const altered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(tokens.verify(altered)).toBeNull();
    }
  });

  it('rejects a token signed with another secret and malformed input', () => {
    expect(tokens.verify(new PressOptOutTokens('another-secret-entirely-32-chars').sign(target))).toBeNull();
    expect(tokens.verify('nonsense')).toBeNull();
    expect(tokens.verify('')).toBeNull();
  });
});
