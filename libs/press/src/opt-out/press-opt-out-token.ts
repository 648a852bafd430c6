import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkKey } from '@chorus/core';

/** Who a press release's opt-out link is for: the contact, and the release it came with. */
export interface PressOptOutTarget {
  contactId: string;
  releaseId: string;
}

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Signs and checks the opt-out tokens of press release emails: `<payload>.<mac>`, the payload the
 * contact's and the release's ids, the MAC an HMAC-SHA256 (truncated to 128 bits) under the
 * `press-opt-out` link key (HKDF from JWT_SECRET, never the secret itself). Changing one
 * character makes the token invalid, so nobody can opt a journalist out by guessing.
 */
export class PressOptOutTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = linkKey(secret, 'press-opt-out');
  }

  sign(target: PressOptOutTarget): string {
    const payload = Buffer.concat([uuidBytes(target.contactId), uuidBytes(target.releaseId)]);
    return `${payload.toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The target of a genuine token, or null for a forged, altered or malformed one. */
  verify(token: string): PressOptOutTarget | null {
    const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return null;
    const payload = Buffer.from(match[1], 'base64url');
    const mac = Buffer.from(match[2], 'base64url');
    // Re-encoding must give the same text: rejects tokens altered in the unused trailing bits.
    if (payload.length !== 32 || payload.toString('base64url') !== match[1] || mac.toString('base64url') !== match[2])
      return null;
    if (!timingSafeEqual(mac, this.mac(payload))) return null;
    return { contactId: uuidOf(payload.subarray(0, 16)), releaseId: uuidOf(payload.subarray(16, 32)) };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }
}
