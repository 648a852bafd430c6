import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { badInput } from '@chorus/core';
import { IDENTIFIER_CHECKS, IdentifierScheme } from '../identifiers/identifiers';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { LookupCache } from './lookup-cache';
import { PublicRegistryQueries } from './public-registry.queries';
import { publicEntry } from './formats';

export const LOOKUP_SCHEMES: IdentifierScheme[] = ['isrc', 'iswc', 'isbn', 'url'];

/**
 * The public lookup: is there a reservation for this ISRC / ISWC / ISBN / URL? Answers come
 * from the in-process LRU cache, else from one indexed query. The rate limit is counted in
 * memory per API process (a Redis round trip per lookup would cost more than the lookup).
 */
@Injectable()
export class LookupService {
  private readonly limiter: RateLimiterMemory;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly cache: LookupCache,
    private readonly queries: PublicRegistryQueries,
  ) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'registry-lookup', points: config.REGISTRY_LOOKUP_RATE_LIMIT, duration: config.REGISTRY_LOOKUP_RATE_WINDOW_SECONDS });
  }

  /** Seconds to wait when the address used up its lookups, else 0. */
  async throttle(clientIp: string): Promise<number> {
    try {
      await this.limiter.consume(clientIp);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  /** The scheme and normalized value asked for; BAD_USER_INPUT naming the parameter. */
  parse(query: Record<string, unknown>): { scheme: IdentifierScheme; value: string } {
    const given = LOOKUP_SCHEMES.filter((scheme) => query[scheme] !== undefined);
    if (given.length !== 1) badInput('query', `give exactly one of ${LOOKUP_SCHEMES.join(', ')}`);
    const scheme = given[0];
    const raw = query[scheme];
    if (typeof raw !== 'string') badInput(scheme, 'must be given once');
    const checked = IDENTIFIER_CHECKS[scheme](raw);
    if ('error' in checked) badInput(scheme, checked.error);
    return { scheme, value: checked.value };
  }

  /** The answer as JSON text. */
  async lookup(scheme: IdentifierScheme, value: string): Promise<string> {
    const key = `${scheme}:${value}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const rows = await this.queries.byIdentifier(scheme, value);
    const works = rows.map(publicEntry);
    const body = JSON.stringify({ [scheme]: value, reserved: works.some((w) => w.reservation['tdm-reservation'] === 1), works });
    this.cache.set(key, body);
    return body;
  }
}
