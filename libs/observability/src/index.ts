export * from './observability.module';
export * from './logging.module';
export { metricsRegistry, graphqlMetricsPlugin } from './metrics';
export { workerId } from './worker-heartbeat';
export { observabilityEnv } from './observability.config';
