import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { ReservationConfirmationMailer } from './reservation-confirmation.mailer';

type RegistryJob = Job<JobPayloads['registry.reservation-confirmation'], unknown, 'registry.reservation-confirmation'>;

/** The registry's emails (the `registry` queue). */
@Processor(QueueName.Registry)
export class RegistryProcessor extends WorkerHost {
  constructor(private readonly confirmations: ReservationConfirmationMailer) {
    super();
  }

  async process(job: RegistryJob): Promise<unknown> {
    switch (job.name) {
      case 'registry.reservation-confirmation':
        return this.confirmations.send(job.data.reservationId);
      default:
        throw new Error(`No handler for registry job ${String(job.name)}`);
    }
  }
}
