import { randomBytes } from 'node:crypto';
import { Role } from '@chorus/core';
import { accessTokenKey, signAccessToken, TokenClaims, verifyAccessToken } from './tokens';
import { VerifiedTokens } from './verified-tokens';

const secret = randomBytes(32).toString('hex');
const key = accessTokenKey(secret);
const actor = { userId: '0190a8b2-7c1d-7e4f-8a9b-0c1d2e3f4a5b', role: Role.ORG_STAFF, organizationId: null };

function countingVerify() {
  const calls: string[] = [];
  const verify = (token: string): TokenClaims | null => {
    calls.push(token);
    return verifyAccessToken(token, key);
  };
  return { calls, verify };
}

describe('VerifiedTokens', () => {
  afterEach(() => jest.useRealTimers());

  it('checks a valid token’s signature once and answers the same claims after', () => {
    const tokens = new VerifiedTokens();
    const { calls, verify } = countingVerify();
    const token = signAccessToken(actor, 3, secret, 3600);
    const first = tokens.claims(token, verify);
    expect(first).toMatchObject({ userId: actor.userId, tokenVersion: 3 });
    expect(tokens.claims(token, verify)).toEqual(first);
    expect(calls).toHaveLength(1);
  });

  it('never keeps a forged or malformed token: each one is checked and refused', () => {
    const tokens = new VerifiedTokens();
    const { calls, verify } = countingVerify();
    const forged = signAccessToken(actor, 0, randomBytes(32).toString('hex'), 3600);
    expect(tokens.claims(forged, verify)).toBeNull();
    expect(tokens.claims(forged, verify)).toBeNull();
    expect(tokens.claims('not-a-token', verify)).toBeNull();
    expect(calls).toHaveLength(3);
  });

  it('does not answer a remembered token after it expired', () => {
    jest.useFakeTimers({ now: new Date('2026-12-06T10:00:00Z') });
    const tokens = new VerifiedTokens();
    const { calls, verify } = countingVerify();
    const token = signAccessToken(actor, 0, secret, 60);
    expect(tokens.claims(token, verify)).not.toBeNull();
    jest.setSystemTime(new Date('2026-12-06T10:01:01Z'));
    expect(tokens.claims(token, verify)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('keeps at most `max` tokens', () => {
    const tokens = new VerifiedTokens(2);
    const { calls, verify } = countingVerify();
    const [a, b, c] = [1, 2, 3].map((v) => signAccessToken(actor, v, secret, 3600));
    for (const token of [a, b, c, a]) tokens.claims(token, verify);
    expect(calls).toEqual([a, b, c, a]);
  });
});
