import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Work a worker repeats on its own: at start-up (unless `runAtStartup` is false) and then every
 * `intervalMs()`, never two runs at once; a failed run is logged and the next tick retries.
 * An in-process interval rather than a Redis job, so that it survives a FLUSHALL — reconcilers
 * use it to rebuild from PostgreSQL what Redis lost.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  protected readonly runAtStartup: boolean = true;
  private timer?: NodeJS.Timeout;
  private running = false;

  protected abstract intervalMs(): number;
  protected abstract run(): Promise<unknown>;

  async onApplicationBootstrap(): Promise<void> {
    if (this.runAtStartup) await this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs());
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One run now, unless one is already under way. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.run();
    } catch (error) {
      this.logger.warn({ err: error }, `${this.constructor.name} failed; the next run retries`);
    } finally {
      this.running = false;
    }
  }
}
