import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUES, JobName, JobPayloads, QueueName } from './queues';
import { ServiceUnavailableError } from '../errors/domain-errors';

/** How long a producer waits for Redis to take a job before answering SERVICE_UNAVAILABLE. */
const ENQUEUE_TIMEOUT_MS = 1500;

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id that is still known to Redis is not added again. */
  jobId?: string;
  /** Milliseconds to wait before the job may run. */
  delay?: number;
  attempts?: number;
  priority?: number;
}

/**
 * The one way to enqueue work: owns every BullMQ option (retries, backoff, retention) so that
 * producers only say what to do and with which ids.
 */
@Injectable()
export class JobQueue implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** A Redis outage is reported by /health/ready and by the callers' errors, not by a console line per reconnect. */
  onModuleInit(): void {
    for (const name of Object.values(QueueName)) this.queue(name).on('error', () => undefined);
  }

  queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /**
   * Removes a failed or completed job with this id: Redis keeps it, and it would stop the same id
   * from being enqueued again. A job still waiting or running is left alone.
   */
  async removeFinished(name: JobName, jobId: string): Promise<void> {
    const queue = this.queue(JOB_QUEUES[name]);
    await withinDeadline(
      (async () => {
        const existing = await queue.getJob(jobId);
        if (existing && ((await existing.isFailed()) || (await existing.isCompleted()))) await existing.remove();
      })(),
      ENQUEUE_TIMEOUT_MS,
    );
  }

  /**
   * Arms a wake-up job for an exact instant (embargo lifts, reminders): it is delivered `earlyMs`
   * before `atMs` so queue latency is absorbed, and its handler waits in-process for the instant
   * (`waitUntil`). The job id makes re-arming idempotent; a finished job with the same id (a
   * re-armed row) is removed first, since Redis would refuse the id again.
   */
  async wakeAt<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    at: { atMs: number; earlyMs: number; jobId: string; attempts?: number },
  ) {
    await this.removeFinished(name, at.jobId);
    return this.enqueue(name, payload, {
      jobId: at.jobId,
      delay: at.atMs - at.earlyMs - Date.now(),
      attempts: at.attempts,
    });
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}) {
    const opts: JobsOptions = {
      jobId: options.jobId,
      delay: options.delay && options.delay > 0 ? Math.round(options.delay) : undefined,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      priority: options.priority,
      removeOnComplete: { age: 3600, count: 5000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    return withinDeadline(this.queue(JOB_QUEUES[name]).add(name, payload, opts), ENQUEUE_TIMEOUT_MS);
  }
}

/** Redis refusing or not answering in time is SERVICE_UNAVAILABLE for the caller, never a hang. */
async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('The work queue (Redis) does not answer; try again shortly')),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    throw Object.assign(new ServiceUnavailableError('The work queue (Redis) is unavailable; try again shortly'), {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
