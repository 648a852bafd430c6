import { randomBytes } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { Actor, Role } from '@chorus/core';

interface AccessClaims {
  sub: string;
  role: Role;
  org: string | null;
}

export function signAccessToken(actor: Actor, secret: string, expiresInSeconds: number): string {
  const claims: AccessClaims = { sub: actor.userId, role: actor.role, org: actor.organizationId };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds, audience: 'chorus-api' });
}

/** The actor of a valid token, or null for an expired, forged or malformed one. */
export function verifyAccessToken(token: string, secret: string): Actor | null {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], audience: 'chorus-api' }) as AccessClaims;
    if (!Object.values(Role).includes(claims.role)) return null;
    return { userId: claims.sub, role: claims.role, organizationId: claims.org ?? null };
  } catch {
    return null;
  }
}

/** A random, URL-safe secret for calendar feed URLs. */
export const newCalendarToken = (): string => randomBytes(24).toString('base64url');
