import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Actor, Allow, CurrentActor, Role } from '@chorus/core';
import { PersonFilter } from '@chorus/people';
import { PeopleExportService } from './people-export.service';

/** GET /exports/people.csv?search=&organizationId=&tag=&campaignId=&emailStatus= (the `people` filter). */
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: PeopleExportService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Get('people.csv')
  async people(@CurrentActor() actor: Actor, @Query() filter: PersonFilter, @Res() res: Response): Promise<void> {
    const lines = this.exports.lines(actor, filter);
    const first = await lines.next(); // scoping errors surface here, before the headers
    res.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="people.csv"',
      'cache-control': 'no-store',
    });
    if (!first.done) res.write(first.value);
    try {
      // pipeline waits for drain with backpressure and, when the client goes away, stops instead of
      // waiting for a drain that never comes: it ends the generator (which records the audit event).
      // One batch in flight at a time (highWaterMark 1).
      await pipeline(Readable.from(lines, { highWaterMark: 1 }), res);
    } catch (error) {
      // Headers are gone: cut the download so it cannot look complete (pipeline did already).
      res.destroy();
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.error({ err: error }, 'People export failed');
    }
  }
}
