import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';
import type { RegistryConfig } from '../registry.config';
import { LookupCache } from './lookup-cache';

describe('LookupCache', () => {
  const answer = { body: '{}', bytes: 2 };
  const setUp = () => {
    const subscribers: EntitySubscriberInterface[] = [];
    const config = { REGISTRY_LOOKUP_CACHE_ENTRIES: 10, REGISTRY_LOOKUP_CACHE_SECONDS: 30 } as RegistryConfig;
    const cache = new LookupCache(config, { subscribers } as unknown as DataSource);
    // A stand-in query runner whose transaction the test ends (the real property is read-only).
    const runner = { isTransactionActive: true } as { isTransactionActive: boolean };
    const broadcast = () => {
      for (const s of subscribers)
        s.afterTransactionCommit?.({ queryRunner: runner as unknown as QueryRunner } as TransactionCommitEvent);
    };
    const commit = () => {
      runner.isTransactionActive = false;
      broadcast();
    };
    return { cache, runner, commit, releaseSavepoint: broadcast };
  };

  it('does not keep an answer read before an invalidation', () => {
    const { cache } = setUp();
    const readAt = cache.currentGeneration();
    cache.invalidate();
    cache.set('isrc:X', answer, readAt);
    expect(cache.get('isrc:X')).toBeUndefined();
    cache.set('isrc:X', answer, cache.currentGeneration());
    expect(cache.get('isrc:X')).toBe(answer);
  });

  it('clears again when the transaction of another area’s change commits, and only then', () => {
    const { cache, runner, commit, releaseSavepoint } = setUp();
    cache.invalidateOnCommit({ queryRunner: runner } as EntityManager);
    cache.set('isrc:X', answer); // read before the commit
    releaseSavepoint(); // broadcast as a commit too, while the transaction goes on
    expect(cache.get('isrc:X')).toBe(answer);
    commit();
    expect(cache.get('isrc:X')).toBeUndefined();
    cache.set('isrc:X', answer);
    commit(); // once per registered transaction
    expect(cache.get('isrc:X')).toBe(answer);
  });
});
