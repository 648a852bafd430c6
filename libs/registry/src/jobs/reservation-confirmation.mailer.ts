import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MailTransport } from '@chorus/mail';
import { PeopleService } from '@chorus/people';
import { ReservationStatus } from '../entities/reservation.entity';
import { ReservationsService } from '../reservations.service';
import { Work } from '../entities/work.entity';

/**
 * Sends the double opt-in email of a TDM reservation to its creator. Idempotent: a reservation
 * no longer PENDING gets nothing, and a re-sent message carries the same Message-ID.
 */
@Injectable()
export class ReservationConfirmationMailer {
  private readonly logger = new Logger(ReservationConfirmationMailer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailTransport,
    private readonly people: PeopleService,
    private readonly reservations: ReservationsService,
  ) {}

  async send(reservationId: string): Promise<'sent' | 'skipped'> {
    const reservation = await this.reservations.byId(reservationId);
    if (!reservation || reservation.status !== ReservationStatus.PENDING) return 'skipped';
    const work = reservation.workId
      ? await this.dataSource.getRepository(Work).findOneBy({ id: reservation.workId })
      : null;
    const creatorId = reservation.creatorPersonId ?? work?.creatorPersonId;
    const [person] = creatorId ? await this.people.byIds([creatorId]) : [];
    // An erased creator's address is gone (erasure leaves a placeholder): nobody can confirm any more.
    if (!person || person.erasedAt) return 'skipped';
    const what = work ? `your work “${work.title}”` : 'all your works registered by your organization';
    const allowed = (yes: boolean) => (yes ? 'allowed' : 'not allowed');
    await this.mail.send({
      to: person.email,
      subject: 'Please confirm your reservation against AI training',
      text: [
        `Hello ${person.firstName},`,
        '',
        `your organization registered a text-and-data-mining reservation for ${what}, effective ${reservation.effectiveFrom}:`,
        `- AI training: ${allowed(reservation.allowAiTraining)}`,
        `- generative AI training: ${allowed(reservation.allowGenerativeAi)}`,
        `- search indexing: ${allowed(reservation.allowSearchIndexing)}`,
        '',
        "It will be published in the coalition's public registry once you confirm it by opening this link:",
        '',
        this.reservations.confirmationUrl(reservation.id),
        '',
        'If you did not ask for this, ignore this email and nothing will be published.',
      ].join('\n'),
      messageId: `<registry-reservation.${reservation.id}.${reservation.updatedAt.getTime()}@chorus>`,
    });
    this.logger.log(`Sent the confirmation request of reservation ${reservation.id}`);
    return 'sent';
  }
}
