import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact signed link tokens: `<payload>.<mac>`, both base64url, the MAC an HMAC-SHA256 truncated
 * to 128 bits. Used by links that carry a fixed-size binary payload (ids as 16 bytes each), such
 * as one-click opt-outs. Changing one character of either part makes the token invalid.
 */
export function signLinkToken(payload: Buffer, key: Buffer): string {
  return `${payload.toString('base64url')}.${linkMac(payload, key).toString('base64url')}`;
}

/**
 * The payload of a genuine token of `payloadBytes` bytes signed under one of `keys` (the current
 * key first, then keys of links mailed before a change), or null for a forged, altered or
 * malformed one.
 */
export function verifyLinkToken(token: string, payloadBytes: number, keys: Buffer[]): Buffer | null {
  const [text, macText, ...rest] = token.split('.');
  if (rest.length > 0 || !text || !macText || !/^[A-Za-z0-9_-]+$/.test(text + macText)) return null;
  const payload = Buffer.from(text, 'base64url');
  const mac = Buffer.from(macText, 'base64url');
  // Re-encoding must give the same text: rejects tokens altered in the unused trailing bits.
  if (payload.length !== payloadBytes || mac.length !== 16) return null;
  if (payload.toString('base64url') !== text || mac.toString('base64url') !== macText) return null;
  return keys.some((key) => timingSafeEqual(mac, linkMac(payload, key))) ? payload : null;
}

function linkMac(payload: Buffer, key: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

/** A uuid as its 16 bytes, and back. */
export const uuidToBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
export const uuidFromBytes = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
