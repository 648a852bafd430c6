import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobQueue, PeriodicTask } from '@chorus/core';
import { CAMPAIGNS_CONFIG, CampaignsConfig } from '../campaigns.config';
import { PublicSigningService } from '../public-signing.service';

/** A confirmation link older than this is not worth sending any more. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Re-queues the signature confirmation emails PostgreSQL says are unsent: Redis flushed, or
 * away when the public signed.
 */
@Injectable()
export class ConfirmationReconciler extends PeriodicTask {
  protected readonly logger = new Logger(ConfirmationReconciler.name);

  constructor(
    @Inject(CAMPAIGNS_CONFIG) private readonly config: CampaignsConfig,
    private readonly signing: PublicSigningService,
    private readonly jobs: JobQueue,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.SIGN_CONFIRM_RECONCILE_SECONDS * 1000;
  }

  protected async run(): Promise<number> {
    const ids = await this.signing.unsentConfirmationIds(MAX_AGE_MS);
    for (const id of ids) {
      // A job that failed for good (SMTP away for long) would block its id: clear it first.
      await this.jobs.removeFinished('email.signature-confirmation', `signature-confirmation-${id}`);
      await this.signing.enqueueConfirmation(id);
    }
    if (ids.length) this.logger.log(`Re-queued ${ids.length} signature confirmation email(s)`);
    return ids.length;
  }
}
