import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { LoggingModule } from './logging.module';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware, QueueMetrics } from './metrics';
import { RequestContextMiddleware } from './request-context.middleware';
import { SystemProcessor, WorkerHeartbeat } from './worker-heartbeat';
import { observabilityConfigProvider } from './observability.config';
import { ProbeTokenGuard } from './probe-token.guard';

/** API side: logs, request context, /health, /health/ready, /health/worker and /metrics. */
@Module({
  imports: [LoggingModule],
  controllers: [HealthController],
  providers: [QueueMetrics, observabilityConfigProvider, ProbeTokenGuard],
})
export class ObservabilityApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware, HttpMetricsMiddleware).forRoutes('*path');
  }
}

/** Worker side: logs, the heartbeat and the ping processor. */
@Module({ imports: [LoggingModule], providers: [WorkerHeartbeat, SystemProcessor] })
export class ObservabilityWorkerModule {}
