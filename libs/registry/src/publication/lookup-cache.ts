import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
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
  /** Bumped by every invalidation: an answer read before it is not cached after it. */
  private generation = 0;
  /** Transactions (of other areas' operations, such as mergePeople) that clear the cache when they commit. */
  private readonly clearOnCommit = new WeakSet<QueryRunner>();

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig, @InjectDataSource() dataSource: DataSource) {
    this.cache = new LRUCache<string, LookupAnswer>({
      max: config.REGISTRY_LOOKUP_CACHE_ENTRIES,
      ttl: config.REGISTRY_LOOKUP_CACHE_SECONDS * 1000,
    });
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        // A savepoint's release is broadcast too: only the outer COMMIT makes the change visible.
        if (event.queryRunner.isTransactionActive || !this.clearOnCommit.has(event.queryRunner)) return;
        this.clearOnCommit.delete(event.queryRunner);
        this.invalidate();
      },
      afterTransactionRollback: (event) => {
        if (!event.queryRunner.isTransactionActive) this.clearOnCommit.delete(event.queryRunner);
      },
    };
    dataSource.subscribers.push(subscriber);
  }

  get(key: string): LookupAnswer | undefined {
    return this.cache.get(key);
  }

  /** The generation to hand back to `set` with an answer read from PostgreSQL after this call. */
  currentGeneration(): number {
    return this.generation;
  }

  /** Caches an answer unless the cache was cleared since it was read (the answer may be stale). */
  set(key: string, answer: LookupAnswer, readAtGeneration = this.generation): void {
    if (readAtGeneration === this.generation) this.cache.set(key, answer);
  }

  /** Any change may touch many identifiers (a creator-wide reservation): drop everything. */
  invalidate(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /**
   * For changes written in a transaction this area does not commit (the GDPR operations run the
   * registry's part inside theirs): clears the cache now and again once the transaction commits,
   * so that no answer read before the commit outlives it in this process.
   */
  invalidateOnCommit(manager: EntityManager): void {
    this.invalidate();
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) this.clearOnCommit.add(runner);
  }
}
