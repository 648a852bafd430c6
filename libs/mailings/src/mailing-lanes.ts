import { Inject, Injectable } from '@nestjs/common';
import { JobQueue } from '@chorus/core';
import { MAILINGS_CONFIG, MailingsConfig } from './mailings.config';

/** Enqueues the send lanes of a mailing; a new generation per start, resume or reconcile. */
@Injectable()
export class MailingLanes {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(MAILINGS_CONFIG) private readonly config: MailingsConfig,
  ) {}

  async start(mailingId: string): Promise<void> {
    const generation = Date.now().toString(36);
    await Promise.all(
      Array.from({ length: this.config.MAILING_LANES }, (_, lane) => this.next(mailingId, lane, 0, generation, 0)),
    );
  }

  next(mailingId: string, lane: number, seq: number, generation: string, delayMs: number) {
    return this.jobs.enqueue(
      'mailing.lane',
      { mailingId, lane, seq, generation },
      { jobId: `lane-${mailingId}-${generation}-${lane}-${seq}`, delay: delayMs },
    );
  }
}
