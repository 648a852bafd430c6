import type { Server } from 'node:http';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';

export interface ShutdownOptions {
  /** In-flight requests and jobs get this long; the process exits one second later at the latest. */
  graceMs: number;
  logger: LoggerService;
  /** The API's HTTP server: stops accepting at once, lets in-flight requests finish within the grace. */
  server?: Server;
}

/**
 * SIGTERM / SIGINT: stop taking new work, let in-flight work finish within the grace period, close
 * the application (workers, pools, connections) and exit. A watchdog exits anyway when something
 * does not let go, so that an orchestrator's stop never waits for its own SIGKILL.
 */
export function installGracefulShutdown(app: INestApplicationContext, options: ShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    setTimeout(() => {
      options.logger.warn?.(`Shutdown did not finish within ${options.graceMs + 1000} ms; exiting`);
      process.exit(1);
    }, options.graceMs + 1000).unref();
    options.logger.log(`${signal}: draining (up to ${options.graceMs} ms)`);
    try {
      if (options.server) await drainHttp(options.server, options.graceMs);
      await app.close();
      options.logger.log(`Stopped in ${Date.now() - started} ms`);
      process.exit(0);
    } catch (error) {
      options.logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * Closes the listening socket and idle keep-alive connections now; requests under way get until
 * the grace ends, then their connections are cut.
 */
export function drainHttp(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    // Connections whose request finished during the drain become idle: close them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    const done = () => {
      clearInterval(sweeper);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      server.closeAllConnections();
      done();
    }, graceMs);
    server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
    server.close(() => done());
    server.closeIdleConnections();
  });
}
