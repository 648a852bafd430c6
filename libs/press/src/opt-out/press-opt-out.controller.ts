import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public, sendHtmlPage } from '@chorus/core';
import { PressOptOutService } from './press-opt-out.service';

/**
 * The opt-out link of press release emails, under /unsubscribe/ so that its token is masked in
 * logs like the mailings' links. GET shows a page with a button (mail scanners that prefetch
 * links opt nobody out); POST opts out: the RFC 8058 one-click request of mail clients and the
 * page's button.
 */
@Controller('unsubscribe/press')
export class PressOptOutController {
  constructor(private readonly service: PressOptOutService) {}

  @Public()
  @Get(':token')
  show(@Param('token') token: string, @Res() res: Response) {
    if (!this.service.verify(token)) return this.invalid(res);
    sendHtmlPage(
      res,
      200,
      'Stop receiving press releases',
      `<p>Stop receiving the coalition's press releases at this address?</p><form method="post"><button type="submit">Stop sending me press releases</button></form>`,
    );
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  async optOut(@Param('token') token: string, @Res() res: Response) {
    const target = this.service.verify(token);
    if (!target || !(await this.service.optOut(target))) return this.invalid(res);
    sendHtmlPage(
      res,
      200,
      'You will receive no more press releases',
      '<p>You will not receive press releases or press mailings from us any more.</p>',
    );
  }

  private invalid(res: Response) {
    sendHtmlPage(
      res,
      400,
      'Invalid link',
      '<p>This link is not valid. Please use the link from the email as it is.</p>',
    );
  }
}
