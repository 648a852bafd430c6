import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { ConnectionOptions } from 'bullmq';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { QueueName } from './queues';
import { redisOptionsFromUrl } from './redis-options';
import { JobQueue } from './job-queue.service';
import { RedisModule } from '../redis/redis.module';

const queues = Object.values(QueueName).map((name) => ({ name }));

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
    BullModule.registerQueue(...queues),
  ],
  providers: [JobQueue],
  exports: [BullModule, JobQueue, RedisModule],
})
export class QueueModule {}
