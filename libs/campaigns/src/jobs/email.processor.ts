import { Processor } from '@nestjs/bullmq';
import { JobHost, JobPayloads, OnJob, QueueName } from '@chorus/core';
import { PasswordResetService } from '@chorus/auth';
import { SignatureConfirmationMailer } from './signature-confirmation.mailer';

/** Transactional emails (the `email` queue). */
@Processor(QueueName.Email)
export class EmailProcessor extends JobHost {
  constructor(
    private readonly confirmations: SignatureConfirmationMailer,
    private readonly passwordResets: PasswordResetService,
  ) {
    super();
  }

  @OnJob('email.signature-confirmation')
  confirmSignature(data: JobPayloads['email.signature-confirmation']) {
    return this.confirmations.send(data.signatureId);
  }

  @OnJob('email.password-reset')
  sendPasswordReset(data: JobPayloads['email.password-reset']) {
    return this.passwordResets.sendEmail(data.resetId);
  }
}
