import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { QueueName } from './queues';
import { redisOptionsFromUrl } from './redis-options';
import { JobQueue } from './job-queue.service';
import { RedisModule } from '../redis/redis.module';
import { WorkerDrain } from './worker-drain';

const queueNames = Object.values(QueueName);

const root = BullModule.forRootAsync({
  inject: [CORE_CONFIG],
  useFactory: (config: CoreConfig) => ({
    connection: { ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: null } as ConnectionOptions,
    prefix: config.QUEUE_PREFIX,
  }),
});

/**
 * The API's queues fail fast while Redis is away (no offline queue, one retry) instead of
 * waiting in ioredis for ever: a request answers within seconds (SERVICE_UNAVAILABLE, or
 * PostgreSQL's reconcilers take over later). Workers keep waiting connections that reconnect.
 */
const failFastQueues = queueNames.map((name) => ({
  name,
  inject: [CORE_CONFIG],
  useFactory: (config: CoreConfig) => ({
    connection: {
      ...redisOptionsFromUrl(config.REDIS_URL),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    } as ConnectionOptions,
  }),
}));

/** BullMQ on Redis with every queue registered, for producers (api) and consumers (worker). */
@Global()
@Module({})
export class QueueModule {
  /** For the worker: processors consume every queue over connections that wait for Redis, and drain on shutdown. */
  static forWorker(): DynamicModule {
    const module = QueueModule.with(BullModule.registerQueue(...queueNames.map((name) => ({ name }))), [WorkerDrain]);
    return { ...module, imports: [...(module.imports ?? []), DiscoveryModule] };
  }

  /** For the API: producers only, failing fast while Redis is away. */
  static forApi(): DynamicModule {
    return QueueModule.with(BullModule.registerQueueAsync(...failFastQueues));
  }

  private static with(queues: DynamicModule, extra: Provider[] = []): DynamicModule {
    return {
      module: QueueModule,
      imports: [RedisModule, root, queues],
      providers: [JobQueue, ...extra],
      exports: [BullModule, JobQueue, RedisModule],
    };
  }
}
