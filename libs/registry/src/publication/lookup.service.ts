import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '@chorus/core';
import { IDENTIFIER_CHECKS, IdentifierScheme } from '../identifiers/identifiers';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { LookupAnswer, LookupCache } from './lookup-cache';
import { LookupRateLimit } from './lookup-rate-limit';
import { PublicRegistryQueries } from './public-registry.queries';
import { publicEntry } from './formats';

export const LOOKUP_SCHEMES: IdentifierScheme[] = ['isrc', 'iswc', 'isbn', 'url'];

/**
 * The public lookup: is there a reservation for this ISRC / ISWC / ISBN / URL? Answers come
 * from the in-process LRU cache, else from one indexed query. The rate limit is counted in
 * memory per API process (a Redis round trip per lookup would cost more than the lookup).
 * A cached answer is found without a promise: `cached` first, `fetch` only on a miss.
 */
@Injectable()
export class LookupService {
  private readonly limit: LookupRateLimit;

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    private readonly cache: LookupCache,
    private readonly queries: PublicRegistryQueries,
  ) {
    this.limit = new LookupRateLimit(config.REGISTRY_LOOKUP_RATE_LIMIT, config.REGISTRY_LOOKUP_RATE_WINDOW_SECONDS);
  }

  /** Counts a lookup from this address: seconds to wait when it used up its lookups, else 0. */
  throttle(clientAddress: string): number {
    return this.limit.take(clientAddress);
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

  /** The cached answer, if this process has a fresh one. */
  cached(scheme: IdentifierScheme, value: string): LookupAnswer | undefined {
    return this.cache.get(`${scheme}:${value}`);
  }

  /** The answer from PostgreSQL (one indexed query), cached for the next ones. */
  async fetch(scheme: IdentifierScheme, value: string): Promise<LookupAnswer> {
    const generation = this.cache.currentGeneration();
    const rows = await this.queries.byIdentifier(scheme, value);
    const works = rows.map(publicEntry);
    const body = JSON.stringify({
      [scheme]: value,
      reserved: works.some((w) => w.reservation['tdm-reservation'] === 1),
      works,
    });
    const answer = { body, bytes: Buffer.byteLength(body) };
    this.cache.set(`${scheme}:${value}`, answer, generation);
    return answer;
  }
}
