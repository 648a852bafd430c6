import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { escapeHtml, htmlPage, HtmlPage, Public } from '@chorus/core';
import { ReservationStatus } from '../entities/reservation.entity';
import { PendingReservation, ReservationsService } from '../reservations.service';

const subject = ({ workTitle }: PendingReservation) =>
  workTitle ? `your work “${escapeHtml(workTitle)}”` : 'all your registered works';

/**
 * The link of a reservation confirmation email, under /confirm/ so that its token is masked in
 * logs like the signature links. GET only shows a button (mail scanners prefetch links); POST confirms.
 */
@Controller('confirm/reservation')
export class ReservationConfirmController {
  constructor(private readonly reservations: ReservationsService) {}

  @Public()
  @Get(':token')
  @HtmlPage()
  async show(@Param('token') token: string): Promise<string> {
    const pending = await this.reservations.pending(token);
    if (pending.reservation.status !== ReservationStatus.PENDING)
      return htmlPage(
        'Reservation',
        `<h1>Reservation</h1><p>This reservation is ${pending.reservation.status.toLowerCase()}.</p>`,
      );
    return htmlPage(
      'Confirm your reservation',
      `<h1>Reserve ${subject(pending)} against AI training</h1><p>Please confirm the reservation of your text-and-data-mining rights.</p>` +
        `<form method="post" action="/confirm/reservation/${encodeURIComponent(token)}"><button type="submit">Confirm my reservation</button></form>`,
    );
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @HtmlPage()
  async confirm(@Param('token') token: string): Promise<string> {
    const pending = await this.reservations.confirm(token);
    return htmlPage(
      'Reservation confirmed',
      `<h1>Thank you</h1><p>The reservation of ${subject(pending)} is confirmed and published in the coalition's registry.</p>`,
    );
  }
}
