import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { badInput, NotFoundError, Public } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { PublicRegistryQueries } from './public-registry.queries';
import {
  aiPreferences,
  contentUsage,
  EXPORT_CSV_COLUMNS,
  exportCsvRecord,
  publicEntry,
  tdmRep,
  tdmRepRule,
} from './formats';

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The registry in the forms crawlers and rights registries read (docs/areas/registry.md):
 * TDMRep rules and declarations, AI-preference signals, and the bulk export with an ETag.
 */
@Controller()
export class PublicationController {
  constructor(private readonly queries: PublicRegistryQueries) {}

  /** W3C TDMRep: an array of rules `{ location, tdm-reservation, tdm-policy? }`. */
  @Public()
  @Get('.well-known/tdmrep.json')
  async wellKnown(@Query('host') host: string | undefined, @Res() response: Response): Promise<void> {
    if (host !== undefined && (typeof host !== 'string' || !HOST.test(host)))
      badInput('host', 'must be a host name such as example.org');
    const rows = await this.queries.withUrls(host?.toLowerCase());
    response
      .status(200)
      .set({ 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' })
      .json(rows.map((row) => tdmRepRule(row, host !== undefined)));
  }

  /** The TDMRep declaration of one work (also as tdm-reservation / tdm-policy header fields). */
  @Public()
  @Get('registry/works/:id/tdmrep.json')
  async workTdmRep(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const { row } = await this.publicWork(id);
    const declaration = tdmRep(row);
    response
      .status(200)
      .set({
        'tdm-reservation': String(declaration['tdm-reservation']),
        ...(declaration['tdm-policy'] ? { 'tdm-policy': declaration['tdm-policy'] } : {}),
        'access-control-allow-origin': '*',
      })
      .json(declaration);
  }

  /** IETF AI-preferences vocabulary of one work, as JSON and as a Content-Usage header field. */
  @Public()
  @Get('registry/works/:id/ai-preferences')
  async workAiPreferences(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const { row } = await this.publicWork(id);
    if (!row) {
      response.status(200).set({ 'access-control-allow-origin': '*' }).json({});
      return;
    }
    const preferences = aiPreferences(row);
    response
      .status(200)
      .set({ 'content-usage': contentUsage(preferences), 'access-control-allow-origin': '*' })
      .json(preferences);
  }

  /** Every public reservation as JSON; 304 when the client's ETag is current. */
  @Public()
  @Get('registry/export.json')
  async exportJson(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (await this.notModified(request, response, 'json')) return;
    response.status(200).type('application/json');
    response.write('{"works":[');
    let first = true;
    for await (const rows of this.queries.all()) {
      const text = rows.map((row) => JSON.stringify(publicEntry(row))).join(',');
      response.write(first ? text : `,${text}`);
      first = false;
    }
    response.end(']}');
  }

  /** Every public reservation as CSV (one line per work); 304 when the client's ETag is current. */
  @Public()
  @Get('registry/export.csv')
  async exportCsv(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (await this.notModified(request, response, 'csv')) return;
    response
      .status(200)
      .type('text/csv; charset=utf-8')
      .set('content-disposition', 'attachment; filename="tdm-reservations.csv"');
    response.write(stringify([EXPORT_CSV_COLUMNS]));
    for await (const rows of this.queries.all()) response.write(stringify(rows.map(exportCsvRecord)));
    response.end();
  }

  private async notModified(request: Request, response: Response, format: string): Promise<boolean> {
    const etag = `"${format}-${createHash('sha256')
      .update(await this.queries.version())
      .digest('base64url')
      .slice(0, 27)}"`;
    response.set({ etag, 'cache-control': 'public, max-age=0, must-revalidate', 'access-control-allow-origin': '*' });
    const given = request.headers['if-none-match'];
    if (given && given.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      response.status(304).end();
      return true;
    }
    return false;
  }

  private async publicWork(id: string) {
    const found = isUuid(id) ? await this.queries.byWork(id) : { exists: false, row: null };
    if (!found.exists) throw new NotFoundError('Work', id);
    return found;
  }
}
