import { Controller, Get, HttpCode, Param, Post, Ip } from '@nestjs/common';
import { escapeHtml, htmlPage, HtmlPage, Public } from '@chorus/core';
import { PublicSigningService } from './public-signing.service';

/**
 * The link of a confirmation email. GET only shows a button, so that mail scanners that
 * prefetch links confirm nothing; the POST of that button confirms.
 */
@Controller('confirm')
export class ConfirmController {
  constructor(private readonly signing: PublicSigningService) {}

  @Public()
  @Get(':token')
  @HtmlPage()
  async show(@Param('token') token: string): Promise<string> {
    const { campaign, signature } = await this.signing.pending(token);
    if (signature.confirmedAt)
      return htmlPage(
        'Already confirmed',
        `<h1>Thank you</h1><p>Your signature on “${escapeHtml(campaign.title)}” is already confirmed.</p>`,
      );
    return htmlPage(
      'Confirm your signature',
      `<h1>${escapeHtml(campaign.title)}</h1><p>Please confirm your signature.</p>` +
        `<form method="post" action="/confirm/${encodeURIComponent(token)}"><button type="submit">Confirm my signature</button></form>`,
    );
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  @HtmlPage()
  async confirm(@Param('token') token: string, @Ip() ip: string): Promise<string> {
    const { campaign } = await this.signing.confirm(token, ip);
    return htmlPage(
      'Signature confirmed',
      `<h1>Thank you</h1><p>Your signature on “${escapeHtml(campaign.title)}” is confirmed. It will appear once the campaign team has verified it.</p>`,
    );
  }
}
