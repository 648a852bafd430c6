import { Controller, Get, HttpCode, Req, Res, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Public, QueueName, RedisClient } from '@chorus/core';
import { metricsRegistry } from './metrics';
import { workerHeartbeats } from './worker-heartbeat';
import { ProbeTokenGuard } from './probe-token.guard';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

@Public()
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
    @InjectQueue(QueueName.System) private readonly systemQueue: Queue,
    private readonly probeToken: ProbeTokenGuard,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Redis answer. Public for load balancers, which need the status
   * alone; the workers that sent a heartbeat lately (pid@host) and the checks' error messages
   * (addresses, ports) are for the operator: shown where /health/worker would answer.
   */
  @Get('health/ready')
  async ready(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const [postgres, redis] = await Promise.all([
      check(() => withTimeout(this.dataSource.query('SELECT 1'), 2000)),
      check(() => withTimeout(this.redis.ping(), 2000)),
    ]);
    const healthy = postgres.status === 'ok' && redis.status === 'ok';
    res.status(healthy ? 200 : 503);
    const status = healthy ? 'ok' : 'unavailable';
    if (!(await this.probeToken.allows(req)))
      return { status, checks: { postgres: { status: postgres.status }, redis: { status: redis.status } } };
    const workers = redis.status === 'ok' ? await workerHeartbeats(this.redis).catch(() => []) : [];
    return { status, checks: { postgres, redis }, workers };
  }

  /** Round trip through Redis: a worker must take a ping job and answer within 5 seconds. */
  @Get('health/worker')
  @UseGuards(ProbeTokenGuard)
  async worker(@Res({ passthrough: true }) res: Response) {
    // Without Redis no worker can answer: say so now rather than after the round trip's timeout.
    if (this.redis.status !== 'ready') {
      res.status(503);
      return { status: 'unavailable', error: `Redis is ${this.redis.status}` };
    }
    const events = new QueueEvents(this.systemQueue.name, {
      connection: this.systemQueue.opts.connection,
      prefix: this.systemQueue.opts.prefix,
    });
    try {
      await withTimeout(events.waitUntilReady(), 1500);
      const started = Date.now();
      const job = await this.systemQueue.add(
        'system.ping',
        { requestedAt: new Date().toISOString() },
        { removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } },
      );
      const answer = await job.waitUntilFinished(events, 5000);
      return { status: 'ok', answeredBy: answer, roundTripMs: Date.now() - started };
    } catch (error) {
      res.status(503);
      return { status: 'unavailable', error: (error as Error).message };
    } finally {
      await events.close();
    }
  }

  @Get('metrics')
  @UseGuards(ProbeTokenGuard)
  @HttpCode(200)
  async metrics(@Res() res: Response) {
    res.setHeader('Content-Type', metricsRegistry.contentType);
    res.send(await metricsRegistry.metrics());
  }
}

async function check(probe: () => Promise<unknown>): Promise<{ status: 'ok' | 'down'; error?: string }> {
  try {
    await probe();
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}
