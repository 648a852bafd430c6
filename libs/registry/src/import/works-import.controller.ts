import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, Allow, badInput, CurrentActor, Role } from '@chorus/core';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { ImportReservation, WorksImportResult, WorksImportService } from './works-import.service';
import { limitBytes } from './limit-bytes';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const RESERVATION_MODES: ImportReservation[] = ['REQUEST', 'ATTEST', 'NONE'];

/**
 * POST /registry/works/import?organizationId=…&reservation=REQUEST|ATTEST|NONE, the body being
 * the CSV (columns title, kind, creator_email, isrc, iswc, isbn, isni, url). Answers when merged,
 * with the counts and every row error.
 */
@Controller('registry/works')
export class WorksImportController {
  constructor(
    private readonly imports: WorksImportService,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Post('import')
  @HttpCode(200)
  async import(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Query('organizationId') organizationId?: string,
    @Query('reservation') reservation = 'REQUEST',
  ): Promise<WorksImportResult> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) badInput('body', 'must be a CSV file sent as text/csv');
    if (!RESERVATION_MODES.includes(reservation as ImportReservation))
      badInput('reservation', `must be one of ${RESERVATION_MODES.join(', ')}`);
    if (organizationId !== undefined && !/^[0-9a-f-]{36}$/i.test(organizationId))
      badInput('organizationId', 'must be an organization id');
    return this.imports.import(actor, limitBytes(request, this.config.REGISTRY_IMPORT_MAX_BYTES), {
      organizationId,
      reservation: reservation as ImportReservation,
    });
  }
}
