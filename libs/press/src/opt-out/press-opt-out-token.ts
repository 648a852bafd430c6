import { linkKey, signLinkToken, uuidFromBytes, uuidToBytes, verifyLinkToken } from '@chorus/core';

/** Who a press release's opt-out link is for: the contact, and the release it came with. */
export interface PressOptOutTarget {
  contactId: string;
  releaseId: string;
}

/**
 * Signs and checks the opt-out tokens of press release emails (core's compact link tokens): the
 * payload the contact's and the release's ids, signed under the `press-opt-out` link key (HKDF
 * from JWT_SECRET, never the secret itself), so nobody can opt a journalist out by guessing.
 */
export class PressOptOutTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = linkKey(secret, 'press-opt-out');
  }

  sign(target: PressOptOutTarget): string {
    return signLinkToken(Buffer.concat([uuidToBytes(target.contactId), uuidToBytes(target.releaseId)]), this.key);
  }

  /** The target of a genuine token, or null for a forged, altered or malformed one. */
  verify(token: string): PressOptOutTarget | null {
    const payload = verifyLinkToken(token, 32, [this.key]);
    if (!payload) return null;
    return { contactId: uuidFromBytes(payload.subarray(0, 16)), releaseId: uuidFromBytes(payload.subarray(16, 32)) };
  }
}
