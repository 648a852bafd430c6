import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { QueueName } from './queues';
import { redisOptionsFromUrl } from './redis-options';
import { JobQueue } from './job-queue.service';
import { RedisModule } from '../redis/redis.module';

/**
 * Producers (Queue.add, job counts) fail fast while Redis is away instead of waiting in ioredis'
 * offline queue for ever: a request answers within seconds (SERVICE_UNAVAILABLE, or PostgreSQL's
 * reconcilers take over). Workers keep the root connection, which waits and reconnects.
 */
const queues = Object.values(QueueName).map((name) => ({
  name,
  inject: [CORE_CONFIG],
  useFactory: (config: CoreConfig) => ({
    connection: { ...redisOptionsFromUrl(config.REDIS_URL), enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000) } as ConnectionOptions,
  }),
}));

/** BullMQ on Redis with every queue registered, for producers (api) and consumers (worker). */
@Global()
@Module({
  imports: [
    RedisModule,
    BullModule.forRootAsync({
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => ({
        connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null } as ConnectionOptions,
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueueAsync(...queues),
  ],
  providers: [JobQueue],
  exports: [BullModule, JobQueue, RedisModule],
})
export class QueueModule {}
