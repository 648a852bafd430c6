import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkKey } from '@chorus/core';

/**
 * The token of a reservation confirmation link: the reservation id and an HMAC of it under the
 * link key derived for this purpose, so that it confirms nothing else (a signature confirmation
 * token confirms no reservation) and never uses JWT_SECRET itself.
 */
export function reservationToken(reservationId: string, secret: string): string {
  return `${reservationId}.${mac(reservationId, secret)}`;
}

/** The reservation id of a genuine token, or null. */
export function verifyReservationToken(token: string, secret: string): string | null {
  const [id, given, ...rest] = token.split('.');
  if (!id || !given || rest.length || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const expected = Buffer.from(mac(id, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', linkKey(secret, 'registry-reservation')).update(id).digest('base64url');
}
