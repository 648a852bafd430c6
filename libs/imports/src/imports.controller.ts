import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, Allow, badInput, CurrentActor, Role } from '@chorus/core';
import { ImportUploadService } from './upload/import-upload.service';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/** POST /imports/people: the body is the CSV itself, streamed into PostgreSQL as it arrives. */
@Controller('imports')
export class ImportsController {
  constructor(private readonly uploads: ImportUploadService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Post('people')
  @HttpCode(202)
  async importPeople(@CurrentActor() actor: Actor, @Req() request: Request): Promise<{ id: string }> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) badInput('body', 'must be a CSV file sent as text/csv');
    const { id } = await this.uploads.receive(actor, request);
    return { id };
  }
}
