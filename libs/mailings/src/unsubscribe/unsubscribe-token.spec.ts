import { createHmac } from 'node:crypto';
import { UnsubscribeTokens } from './unsubscribe-token';

describe('UnsubscribeTokens', () => {
  const tokens = new UnsubscribeTokens('a-test-secret-of-some-length');
  const target = {
    kind: 'person' as const,
    recipientId: '0193a0b1-1111-7222-8333-444455556666',
    mailingId: '0193a0b1-aaaa-7bbb-8ccc-ddddeeeeffff',
  };

  it('round-trips a signed token', () => {
    const token = tokens.sign(target);
    expect(token).toMatch(/^[\w-]{44}\.[\w-]{22}$/);
    expect(tokens.verify(token)).toEqual(target);
  });

  it('signs with the HKDF link key, still accepts links mailed under the previous derived key, never the secret itself', () => {
    const payload = tokens.sign(target).split('.')[0];
    const macUnder = (key: Buffer | string) =>
      createHmac('sha256', key)
        .update(Buffer.from(payload, 'base64url'))
        .digest()
        .subarray(0, 16)
        .toString('base64url');
    const previousKey = createHmac('sha256', 'a-test-secret-of-some-length').update('chorus:unsubscribe:v1').digest();
    expect(tokens.sign(target)).not.toBe(`${payload}.${macUnder(previousKey)}`);
    expect(tokens.verify(`${payload}.${macUnder(previousKey)}`)).toEqual(target);
    expect(tokens.verify(`${payload}.${macUnder('a-test-secret-of-some-length')}`)).toBeNull();
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
    expect(tokens.verify(new UnsubscribeTokens('another-secret-entirely').sign(target))).toBeNull();
    expect(tokens.verify('nonsense')).toBeNull();
    expect(tokens.verify('')).toBeNull();
  });
});
