import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, Allow, badInput, CurrentActor, Role } from '@chorus/core';
import { IMPORTS_CONFIG, ImportsConfig } from './imports.config';
import { ImportUploadService } from './upload/import-upload.service';
import { declaredBasis } from './upload/lawful-basis';
import { tooLarge } from './upload/upload-limits';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/**
 * POST /imports/people?lawfulBasis=CONSENT|CONTRACT|LEGITIMATE_INTEREST[&lawfulBasisNote=…]: the
 * body is the CSV itself, streamed into PostgreSQL as it arrives.
 */
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly uploads: ImportUploadService,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
  ) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Post('people')
  @HttpCode(202)
  async importPeople(@CurrentActor() actor: Actor, @Req() request: Request): Promise<{ id: string }> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) badInput('body', 'must be a CSV file sent as text/csv');
    const basis = declaredBasis(request.query as Record<string, unknown>);
    // A declared length over the limit is refused before a byte is read; a chunked body is counted as it arrives.
    if (Number(request.headers['content-length'] ?? 0) > this.config.IMPORTS_MAX_BYTES)
      throw tooLarge(this.config.IMPORTS_MAX_BYTES);
    const { id } = await this.uploads.receive(actor, request, basis);
    return { id };
  }
}
