import { hostname } from 'node:os';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { JobHost, OnJob, QueueName, RedisClient } from '@chorus/core';

const HEARTBEAT_SECONDS = 10;
export const workerId = `${process.pid}@${hostname()}`;

/** Lists the workers whose heartbeat is fresh. */
export async function workerHeartbeats(redis: RedisClient): Promise<{ id: string; seenAt: string }[]> {
  const entries = await redis.hgetall('workers');
  const fresh = Date.now() - 3 * HEARTBEAT_SECONDS * 1000;
  return Object.entries(entries)
    .filter(([, at]) => Number(at) >= fresh)
    .map(([id, at]) => ({ id, seenAt: new Date(Number(at)).toISOString() }));
}

/** A worker process announces itself every few seconds so that /health/ready can list it. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(private readonly redis: RedisClient) {}

  onApplicationBootstrap(): void {
    const beat = () => this.redis.hset('workers', workerId, String(Date.now())).catch(() => undefined);
    // The client fails fast while not connected: beat as soon as it is (again) ready.
    this.redis.on('ready', () => void beat());
    if (this.redis.status === 'ready') void beat();
    this.timer = setInterval(beat, HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel('workers', workerId).catch(() => undefined);
  }
}

/** Answers the API's ping jobs: proves that this worker consumes from Redis. */
@Processor(QueueName.System)
export class SystemProcessor extends JobHost {
  @OnJob('system.ping')
  ping(): string {
    return workerId;
  }
}
