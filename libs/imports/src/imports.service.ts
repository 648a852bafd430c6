import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor, ForbiddenError, isAdmin, NotFoundError, paginate, Role } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { ImportJob, ImportRowError } from './entities/import-job.entity';
import { IMPORTS_CONFIG, ImportsConfig } from './imports.config';
import { ImportJobsArgs } from './dto/import-jobs.args';

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

  /** The imports `get` would show, oldest first. */
  list(actor: Actor, args: ImportJobsArgs) {
    if (!isAdmin(actor) && actor.role !== Role.ORG_STAFF) throw new ForbiddenError(`${actor.role} may not see imports`);
    const query = this.jobs.createQueryBuilder('j');
    if (!isAdmin(actor)) query.where('j.organization_id = :org', { org: actor.organizationId });
    if (args.status) query.andWhere('j.status = :status', { status: args.status });
    if (args.mine) query.andWhere('j.created_by_user_id = :me', { me: actor.userId });
    return paginate(query, [{ expression: 'j.id' }], args);
  }

  /** The first row errors by row number (capped; `failed` has the exact count). */
  errors(importId: string): Promise<ImportRowError[]> {
    return this.rowErrors.find({ where: { importId }, order: { row: 'ASC' }, take: this.config.IMPORTS_ERRORS_SHOWN });
  }
}
