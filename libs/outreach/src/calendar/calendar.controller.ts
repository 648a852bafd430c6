import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { NotFoundError, Public } from '@chorus/core';
import { CalendarFeedService } from './calendar-feed.service';
import { isTimeZone } from '../outreach.config';

/** GET /calendar/<token>.ics — the token is the credential (revocable with rotateCalendarToken). */
@Controller('calendar')
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Public()
  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  feed(@Param('file') file: string, @Query('tz') tz?: string): Promise<string> {
    const token = /^([\w-]{16,200})\.ics$/.exec(file)?.[1];
    if (!token) throw new NotFoundError('Calendar');
    return this.feeds.feed(token, tz && isTimeZone(tz) ? tz : undefined);
  }
}
