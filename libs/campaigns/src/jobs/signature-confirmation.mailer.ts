import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailTransport } from '@chorus/mail';
import { Person } from '@chorus/people';
import { Signature, SignatureChannel } from '../entities/signature.entity';
import { Campaign } from '../entities/campaign.entity';
import { PublicSigningService } from '../public-signing.service';

/**
 * Sends the double opt-in email of a public signature. Idempotent: a confirmed signature gets
 * nothing, and a re-sent message carries the same Message-ID. A staff-recorded one gets none.
 */
@Injectable()
export class SignatureConfirmationMailer {
  private readonly logger = new Logger(SignatureConfirmationMailer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailTransport,
    private readonly signing: PublicSigningService,
  ) {}

  async send(signatureId: string): Promise<'sent' | 'skipped'> {
    const signature = await this.dataSource.manager.findOneBy(Signature, { id: signatureId });
    if (
      !signature ||
      signature.channel !== SignatureChannel.PUBLIC ||
      signature.confirmedAt ||
      signature.confirmationSentAt
    )
      return 'skipped';
    const [person, campaign] = await Promise.all([
      this.dataSource.manager.findOneBy(Person, { id: signature.personId }),
      this.dataSource.manager.findOneBy(Campaign, { id: signature.campaignId }),
    ]);
    if (!person || !campaign) return 'skipped';
    const link = this.signing.confirmationUrl(signature.id);
    await this.mail.send({
      to: person.email,
      subject: `Please confirm your signature: ${campaign.title}`,
      text: [
        `Hello ${person.firstName},`,
        '',
        `thank you for signing “${campaign.title}”. Please confirm your signature by opening this link:`,
        '',
        link,
        '',
        'If you did not sign, ignore this email and nothing will happen.',
      ].join('\n'),
      messageId: `<signature-confirmation.${signature.id}@chorus>`,
    });
    await this.dataSource.manager.update(Signature, { id: signature.id }, { confirmationSentAt: new Date() });
    this.logger.log(`Sent the confirmation of signature ${signature.id}`);
    return 'sent';
  }
}
