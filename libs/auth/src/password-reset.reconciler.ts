import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobQueue, PeriodicTask } from '@chorus/core';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { PasswordResetService } from './password-reset.service';

/** Re-queues the reset emails PostgreSQL says are unsent (Redis flushed or down when asked). */
@Injectable()
export class PasswordResetReconciler extends PeriodicTask {
  protected readonly logger = new Logger(PasswordResetReconciler.name);

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly resets: PasswordResetService,
    private readonly jobs: JobQueue,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.PASSWORD_RESET_RECONCILE_SECONDS * 1000;
  }

  protected async run(): Promise<number> {
    const ids = await this.resets.unsentIds();
    for (const id of ids) {
      // A job that failed for good (SMTP away for long) would block its id: clear it first.
      await this.jobs.removeFinished('email.password-reset', `password-reset-${id}`);
      await this.resets.enqueue(id);
    }
    if (ids.length) this.logger.log(`Re-queued ${ids.length} password reset email(s)`);
    return ids.length;
  }
}
