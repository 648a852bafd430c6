import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';

/** A serialized lookup answer and its length in bytes (the Content-Length header). */
export interface LookupAnswer {
  body: string;
  bytes: number;
}

/**
 * The public lookup's answers (serialized JSON, ready to send), per normalized identifier, in
 * this process. A change made through this process clears it at once; other API processes see
 * the change when their entries expire (REGISTRY_LOOKUP_CACHE_SECONDS). Misses are cached too:
 * crawlers mostly ask about works nobody reserved.
 */
@Injectable()
export class LookupCache {
  private readonly cache: LRUCache<string, LookupAnswer>;

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig) {
    this.cache = new LRUCache<string, LookupAnswer>({
      max: config.REGISTRY_LOOKUP_CACHE_ENTRIES,
      ttl: config.REGISTRY_LOOKUP_CACHE_SECONDS * 1000,
    });
  }

  get(key: string): LookupAnswer | undefined {
    return this.cache.get(key);
  }

  set(key: string, answer: LookupAnswer): void {
    this.cache.set(key, answer);
  }

  /** Any change may touch many identifiers (a creator-wide reservation): drop everything. */
  invalidate(): void {
    this.cache.clear();
  }
}
