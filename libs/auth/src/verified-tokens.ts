import { LRUCache } from 'lru-cache';
import type { TokenClaims } from './tokens';

/**
 * Access tokens whose signature was checked, with their claims, until they expire. A client sends
 * the same token with every request for its lifetime, and jsonwebtoken's decode + HMAC per request
 * was ~5 % of the CPU of a small GraphQL request. Only valid tokens are kept (junk cannot fill
 * it), never past their `exp`, and whether the user may still use a token stays ActiveUsers'
 * per-request check against PostgreSQL.
 */
export class VerifiedTokens {
  private readonly cache: LRUCache<string, TokenClaims>;

  constructor(max = 10_000) {
    this.cache = new LRUCache<string, TokenClaims>({ max });
  }

  /** The claims of `token`: remembered, or from `verify` (kept when valid and expiring). */
  claims(token: string, verify: (token: string) => TokenClaims | null): TokenClaims | null {
    const known = this.cache.get(token);
    if (known && known.expiresAt !== null && known.expiresAt > Date.now()) return known;
    const claims = verify(token);
    if (claims?.expiresAt) {
      const ttl = claims.expiresAt - Date.now();
      if (ttl > 0) this.cache.set(token, claims, { ttl });
    }
    return claims;
  }
}
