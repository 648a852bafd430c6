import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor, ForbiddenError, isAdmin, NotFoundError, Role } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { ImportJob, ImportRowError } from './entities/import-job.entity';
import { IMPORTS_CONFIG, ImportsConfig } from './imports.config';

/**
 * Reading imports. The one scoping rule: admins see every import, ORG_STAFF the imports of their
 * organization; anything else out of scope reads as not found.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectRepository(ImportJob) private readonly jobs: Repository<ImportJob>,
    @InjectRepository(ImportRowError) private readonly rowErrors: Repository<ImportRowError>,
    @Inject(IMPORTS_CONFIG) private readonly config: ImportsConfig,
  ) {}

  async get(actor: Actor, id: string): Promise<ImportJob> {
    if (!isAdmin(actor) && actor.role !== Role.ORG_STAFF) throw new ForbiddenError(`${actor.role} may not see imports`);
    const job = isUuid(id) ? await this.jobs.findOneBy({ id }) : null;
    if (!job || (!isAdmin(actor) && job.organizationId !== actor.organizationId)) throw new NotFoundError('Import', id);
    return job;
  }

  /** The first row errors by row number (capped; `failed` has the exact count). */
  errors(importId: string): Promise<ImportRowError[]> {
    return this.rowErrors.find({ where: { importId }, order: { row: 'ASC' }, take: this.config.IMPORTS_ERRORS_SHOWN });
  }
}
