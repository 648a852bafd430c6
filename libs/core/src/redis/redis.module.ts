import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { redisOptionsFromUrl } from '../queue/redis-options';

/**
 * A shared Redis client for everything that is not a queue: health checks, rate limits,
 * heartbeats. It fails fast while Redis is away and reconnects by itself when it is back.
 */
@Injectable()
export class RedisClient extends Redis implements OnApplicationShutdown {
  constructor(@Inject(CORE_CONFIG) config: CoreConfig) {
    super({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      keyPrefix: `${config.QUEUE_PREFIX}:app:`,
    });
    this.on('error', () => undefined); // reconnects by itself; health reports the outage
  }

  async onApplicationShutdown(): Promise<void> {
    this.disconnect();
  }
}

@Global()
@Module({ providers: [RedisClient], exports: [RedisClient] })
export class RedisModule {}
