import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { CORE_CONFIG } from '../config/config.module';
import type { CoreConfig } from '../config/core.config';
import { settlesWithin } from '../jobs/settles-within';

/**
 * Before anything else shuts down (the database pool, SMTP), every BullMQ worker of the process
 * stops taking jobs and its running jobs get SHUTDOWN_GRACE_SECONDS to finish. A job still
 * running then is left to BullMQ's stalled-job check: its lock lapses and another worker takes it
 * again (handlers are idempotent).
 */
@Injectable()
export class WorkerDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerDrain.name);

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker)
      .filter((worker) => worker !== undefined);
    const closing = Promise.all(workers.map((worker) => worker.close().catch(() => undefined)));
    // Leave a second of the grace for closing pools and connections.
    const graceMs = Math.max(500, this.config.SHUTDOWN_GRACE_SECONDS * 1000 - 1000);
    if (!(await settlesWithin(closing, graceMs))) {
      this.logger.warn(`Jobs still running after ${graceMs} ms; left to be taken again by another worker`);
    }
  }
}
