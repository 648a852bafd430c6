import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkKey } from '@chorus/core';

/**
 * The token of a confirmation link: the signature id and an HMAC of it under the confirmation
 * link key (derived from JWT_SECRET, never the secret itself), so that nobody can confirm a
 * signature without the email sent to its signer.
 */
export function signatureToken(signatureId: string, secret: string): string {
  return `${signatureId}.${mac(signatureId, secret)}`;
}

/** The signature id of a genuine token, or null. */
export function verifySignatureToken(token: string, secret: string): string | null {
  const [id, given, ...rest] = token.split('.');
  if (!id || !given || rest.length || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const expected = Buffer.from(mac(id, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}

function mac(id: string, secret: string): string {
  return createHmac('sha256', linkKey(secret, 'signature-confirmation'))
    .update(`signature-confirmation:${id}`)
    .digest('base64url');
}
