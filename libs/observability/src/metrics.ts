import { Injectable, NestMiddleware, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { FieldNode, Kind, OperationDefinitionNode } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueName } from '@chorus/core';

/** The Prometheus registry of this process and the figures Chorus exports. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpDuration = new Histogram({
  name: 'chorus_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const graphqlOperations = new Counter({
  name: 'chorus_graphql_operations_total',
  help: 'GraphQL operations by type, name and outcome',
  labelNames: ['type', 'name', 'outcome'],
  registers: [metricsRegistry],
});

const graphqlDuration = new Histogram({
  name: 'chorus_graphql_operation_duration_seconds',
  help: 'GraphQL operation duration by type and name',
  labelNames: ['type', 'name'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const stop = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => stop({ route: routeLabel(req), status: String(res.statusCode) }));
    next();
  }
}

const TOKEN_PATH = /^\/(calendar|unsubscribe|confirm)\/.*$/s;

/** The URL with the credential of the token routes (and anything after it) replaced by `:token`; other URLs unchanged. */
export function maskTokenUrl(url: string): string {
  return url.replace(TOKEN_PATH, '/$1/:token');
}

/** Known route shapes only, so that ids and tokens do not explode the label space. */
function routeLabel(req: Request): string {
  const path = req.originalUrl.split('?')[0];
  if (
    path === '/graphql' ||
    path.startsWith('/health') ||
    path === '/metrics' ||
    path.startsWith('/imports') ||
    path.startsWith('/exports')
  )
    return path;
  return TOKEN_PATH.test(path) ? maskTokenUrl(path) : 'other';
}

/**
 * The `name` label of GraphQL metrics: the operation's root field (`people`, `createMailing`),
 * which the schema bounds, `multiple` for several, `invalid` when the query did not validate.
 * Never the client-chosen operation name: any client could add a series per request.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'invalid';
  const fields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  if (fields.length !== 1 || fields.length !== operation.selectionSet.selections.length) return 'multiple';
  return (fields[0] as FieldNode).name.value;
}

export const graphqlMetricsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse(ctx) {
        // Apollo sets the operation only once the document validated: its root fields are the schema's.
        const operation = ctx.operation;
        const type = operation?.operation ?? 'unknown';
        const name = operationLabel(operation);
        graphqlOperations.inc({ type, name, outcome: ctx.errors?.length ? 'error' : 'ok' });
        graphqlDuration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
      },
    };
  },
};

/** BullMQ job counts per queue and state, read from Redis when Prometheus scrapes. */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const queues = Object.values(QueueName).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    if (metricsRegistry.getSingleMetric('chorus_queue_jobs')) metricsRegistry.removeSingleMetric('chorus_queue_jobs');
    new Gauge({
      name: 'chorus_queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            const counts = await queue
              .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')
              .catch(() => null);
            for (const [state, count] of Object.entries(counts ?? {})) this.set({ queue: queue.name, state }, count);
          }),
        );
      },
    });
  }
}
