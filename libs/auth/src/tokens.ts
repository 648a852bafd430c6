import { createHmac, createSecretKey, KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { Actor, linkKey, Role } from '@chorus/core';

interface AccessClaims {
  sub: string;
  role: Role;
  org: string | null;
  /** The user's token version when the token was issued; a newer one in PostgreSQL revokes it. */
  ver?: number;
}

/** What a verified token says; the guard checks it against the user's row before trusting it. */
export interface TokenClaims {
  userId: string;
  tokenVersion: number;
  /** When the token expires, in milliseconds since the epoch (`exp`); null if it never does. */
  expiresAt: number | null;
}

export function signAccessToken(actor: Actor, tokenVersion: number, secret: string, expiresInSeconds: number): string {
  const claims: AccessClaims = { sub: actor.userId, role: actor.role, org: actor.organizationId, ver: tokenVersion };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds, audience: 'chorus-api' });
}

/**
 * The key access tokens are verified with, made once: given the bare secret, jsonwebtoken tries
 * it as a public key first (a thrown error) and then builds a secret key, on every request.
 */
export const accessTokenKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret));

/** The claims of a validly signed, unexpired token, or null for an expired, forged or malformed one. */
export function verifyAccessToken(token: string, key: string | KeyObject): TokenClaims | null {
  try {
    const claims = jwt.verify(token, key, { algorithms: ['HS256'], audience: 'chorus-api' }) as AccessClaims;
    if (typeof claims.sub !== 'string') return null;
    const exp = (claims as { exp?: unknown }).exp;
    return {
      userId: claims.sub,
      tokenVersion: typeof claims.ver === 'number' ? claims.ver : 0,
      expiresAt: typeof exp === 'number' ? exp * 1000 : null,
    };
  } catch {
    return null;
  }
}

/** A random, URL-safe secret for calendar feed URLs. */
export const newCalendarToken = (): string => randomBytes(24).toString('base64url');

/** Password reset links are signed with a key of their own, derived from JWT_SECRET with HKDF. */
const resetMac = (id: string, secret: string) =>
  createHmac('sha256', linkKey(secret, 'password-reset')).update(id).digest('base64url');

/** The token of a password reset link: the reset's id and its HMAC. */
export const passwordResetToken = (resetId: string, secret: string): string =>
  `${resetId}.${resetMac(resetId, secret)}`;

/** The reset id of an authentic token, or null. */
export function verifyPasswordResetToken(token: string, secret: string): string | null {
  const [id, mac, extra] = token.split('.');
  if (!id || !mac || extra !== undefined || !UUID.test(id)) return null;
  const expected = Buffer.from(resetMac(id, secret));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
