import { createHmac, randomUUID } from 'node:crypto';
import { reservationToken, verifyReservationToken } from './reservation-token';

const SECRET = 'a-secret-of-enough-length-for-tests';

describe('reservation confirmation token', () => {
  it('verifies its own token and refuses a changed id, another secret or extra parts', () => {
    const id = randomUUID();
    const token = reservationToken(id, SECRET);
    expect(verifyReservationToken(token, SECRET)).toBe(id);
    expect(verifyReservationToken(token.replace(id, randomUUID()), SECRET)).toBeNull();
    expect(verifyReservationToken(token, `${SECRET}-rotated`)).toBeNull();
    expect(verifyReservationToken(`${token}.x`, SECRET)).toBeNull();
  });

  it('is not an HMAC under JWT_SECRET itself (the link key is derived for this purpose)', () => {
    const id = randomUUID();
    const underTheBareSecret = `${id}.${createHmac('sha256', SECRET).update(id).digest('base64url')}`;
    expect(verifyReservationToken(underTheBareSecret, SECRET)).toBeNull();
    expect(reservationToken(id, SECRET)).not.toBe(underTheBareSecret);
  });
});
