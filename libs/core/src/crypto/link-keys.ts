import { hkdfSync } from 'node:crypto';

/** What a link key is for: a key signs one kind of link only. */
export type LinkPurpose =
  'unsubscribe' | 'signature-confirmation' | 'password-reset' | 'registry-reservation' | 'press-opt-out';

/**
 * The HMAC key of one kind of emailed link (unsubscribe, signature or reservation confirmation,
 * password reset, a press release's opt-out), derived from
 * JWT_SECRET with HKDF-SHA256 and the purpose as label. Links never use the JWT secret itself,
 * so a leaked link key forges neither access tokens nor the other kind of link.
 */
export function linkKey(secret: string, purpose: LinkPurpose): Buffer {
  // Derived once per secret and purpose: links are made per message of a mailing.
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derived.get(cacheKey);
  if (!key)
    derived.set(cacheKey, (key = Buffer.from(hkdfSync('sha256', secret, 'chorus-links', `chorus:${purpose}:v2`, 32))));
  return key;
}

const derived = new Map<string, Buffer>();
