import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@chorus/core';
import { LookupService } from './lookup.service';

/**
 * GET /registry/lookup?isrc=… (or iswc, isbn, url): public, rate limited, cached. Answers
 * `{ "<scheme>": "<normalized>", "reserved": true|false, "works": [...] }`; 429 with
 * Retry-After when the address asked too often.
 */
@Controller('registry')
export class LookupController {
  constructor(private readonly lookups: LookupService) {}

  @Public()
  @Get('lookup')
  async lookup(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const wait = await this.lookups.throttle(request.ip ?? 'unknown');
    if (wait) {
      response.status(429).set('retry-after', String(wait)).json({ error: 'RATE_LIMITED', message: `Too many lookups from this address; try again in ${wait} seconds` });
      return;
    }
    const { scheme, value } = this.lookups.parse(query);
    const body = await this.lookups.lookup(scheme, value);
    response.status(200).set({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60', 'access-control-allow-origin': '*' }).send(body);
  }
}
