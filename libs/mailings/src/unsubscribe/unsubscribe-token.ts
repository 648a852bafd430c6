import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkKey } from '@chorus/core';

/** Who an unsubscribe link is for: a person or a press contact, and the mailing it came with. */
export interface UnsubscribeTarget {
  kind: 'person' | 'contact';
  recipientId: string;
  mailingId: string;
}

const KIND_BYTE = { person: 0x70, contact: 0x63 } as const;
const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Signs and checks unsubscribe tokens: `<payload>.<mac>`, the payload naming the recipient and
 * the mailing, the MAC an HMAC-SHA256 (truncated to 128 bits) under the unsubscribe link key
 * (HKDF from JWT_SECRET). Changing one character of either part makes the token invalid, so
 * nobody can unsubscribe someone else by guessing.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;
  /** The key of links sent before the HKDF keys (also derived, never the secret itself): mailed links must keep working. */
  private readonly previousKey: Buffer;

  constructor(secret: string) {
    this.key = linkKey(secret, 'unsubscribe');
    this.previousKey = createHmac('sha256', secret).update('chorus:unsubscribe:v1').digest();
  }

  sign(target: UnsubscribeTarget): string {
    const payload = Buffer.concat([
      Buffer.of(KIND_BYTE[target.kind]),
      uuidBytes(target.recipientId),
      uuidBytes(target.mailingId),
    ]);
    return `${payload.toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The target of a genuine token, or null for a forged, altered or malformed one. */
  verify(token: string): UnsubscribeTarget | null {
    const match = /^([A-Za-z0-9_-]{44})\.([A-Za-z0-9_-]{22})$/.exec(token);
    if (!match) return null;
    const payload = Buffer.from(match[1], 'base64url');
    const mac = Buffer.from(match[2], 'base64url');
    // Re-encoding must give the same text: rejects tokens altered in the unused trailing bits.
    if (payload.length !== 33 || payload.toString('base64url') !== match[1] || mac.toString('base64url') !== match[2])
      return null;
    if (!timingSafeEqual(mac, this.mac(payload)) && !timingSafeEqual(mac, this.mac(payload, this.previousKey)))
      return null;
    const kind = payload[0] === KIND_BYTE.person ? 'person' : payload[0] === KIND_BYTE.contact ? 'contact' : null;
    if (!kind) return null;
    return { kind, recipientId: uuidOf(payload.subarray(1, 17)), mailingId: uuidOf(payload.subarray(17, 33)) };
  }

  private mac(payload: Buffer, key = this.key): Buffer {
    return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  }
}
