import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobPayloads, QueueName } from '@chorus/core';
import { PasswordResetService } from '@chorus/auth';
import { SignatureConfirmationMailer } from './signature-confirmation.mailer';

type EmailJob =
  | Job<JobPayloads['email.signature-confirmation'], unknown, 'email.signature-confirmation'>
  | Job<JobPayloads['email.password-reset'], unknown, 'email.password-reset'>;

/** Transactional emails (the `email` queue). */
@Processor(QueueName.Email)
export class EmailProcessor extends WorkerHost {
  constructor(
    private readonly confirmations: SignatureConfirmationMailer,
    private readonly passwordResets: PasswordResetService,
  ) {
    super();
  }

  async process(job: EmailJob): Promise<unknown> {
    switch (job.name) {
      case 'email.signature-confirmation':
        return this.confirmations.send(job.data.signatureId);
      case 'email.password-reset':
        return this.passwordResets.sendEmail(job.data.resetId);
      default:
        throw new Error(`No handler for email job ${String((job as Job).name)}`);
    }
  }
}
