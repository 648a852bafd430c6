import { createHmac } from 'node:crypto';
import { linkKey, signLinkToken, uuidFromBytes, uuidToBytes, verifyLinkToken } from '@chorus/core';

/** Who an unsubscribe link is for: a person or a press contact, and the mailing it came with. */
export interface UnsubscribeTarget {
  kind: 'person' | 'contact';
  recipientId: string;
  mailingId: string;
}

const KIND_BYTE = { person: 0x70, contact: 0x63 } as const;

/**
 * Signs and checks unsubscribe tokens (core's compact link tokens): the payload a kind byte, the
 * recipient and the mailing, signed under the unsubscribe link key (HKDF from JWT_SECRET), so
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
      uuidToBytes(target.recipientId),
      uuidToBytes(target.mailingId),
    ]);
    return signLinkToken(payload, this.key);
  }

  /** The target of a genuine token, or null for a forged, altered or malformed one. */
  verify(token: string): UnsubscribeTarget | null {
    const payload = verifyLinkToken(token, 33, [this.key, this.previousKey]);
    if (!payload) return null;
    const kind = payload[0] === KIND_BYTE.person ? 'person' : payload[0] === KIND_BYTE.contact ? 'contact' : null;
    if (!kind) return null;
    return {
      kind,
      recipientId: uuidFromBytes(payload.subarray(1, 17)),
      mailingId: uuidFromBytes(payload.subarray(17, 33)),
    };
  }
}
