import { Processor } from '@nestjs/bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { ReservationConfirmationMailer } from './reservation-confirmation.mailer';

/** The registry's emails (the `registry` queue). */
@Processor(QueueName.Registry)
export class RegistryProcessor extends JobHost {
  constructor(private readonly confirmations: ReservationConfirmationMailer) {
    super();
  }

  @OnJob('registry.reservation-confirmation')
  confirmReservation(data: JobPayloads['registry.reservation-confirmation']) {
    return this.confirmations.send(data.reservationId);
  }
}
