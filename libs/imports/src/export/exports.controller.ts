import { once } from 'node:events';
import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Actor, Allow, CurrentActor, Role } from '@chorus/core';
import { PersonFilter } from '@chorus/people';
import { PeopleExportService } from './people-export.service';

/** GET /exports/people.csv?search=&organizationId=&tag=&campaignId=&emailStatus= (the `people` filter). */
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: PeopleExportService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Get('people.csv')
  async people(@CurrentActor() actor: Actor, @Query() filter: PersonFilter, @Res() res: Response): Promise<void> {
    const lines = this.exports.lines(actor, filter);
    const first = await lines.next(); // scoping errors surface here, before the headers
    res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="people.csv"', 'cache-control': 'no-store' });
    try {
      if (!first.done) res.write(first.value);
      for await (const chunk of lines) {
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    } catch (error) {
      res.destroy(error as Error); // headers are gone: cut the download so it cannot look complete
    }
  }
}
