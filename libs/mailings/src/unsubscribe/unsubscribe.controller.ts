import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public, sendHtmlPage } from '@chorus/core';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * GET shows a page with a button (mail scanners that prefetch links unsubscribe nobody);
 * POST unsubscribes: the RFC 8058 one-click request of mail clients and the page's button.
 */
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(private readonly service: UnsubscribeService) {}

  @Public()
  @Get(':token')
  show(@Param('token') token: string, @Res() res: Response) {
    if (!this.service.verify(token)) return this.invalid(res);
    sendHtmlPage(
      res,
      200,
      'Unsubscribe',
      `<p>Stop receiving these emails?</p><form method="post"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Public()
  @Post(':token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() res: Response) {
    const target = this.service.verify(token);
    if (!target || !(await this.service.unsubscribe(target))) return this.invalid(res);
    sendHtmlPage(res, 200, 'You are unsubscribed', '<p>You will not receive these emails any more.</p>');
  }

  private invalid(res: Response) {
    sendHtmlPage(
      res,
      400,
      'Invalid link',
      '<p>This unsubscribe link is not valid. Please use the link from the email as it is.</p>',
    );
  }
}
