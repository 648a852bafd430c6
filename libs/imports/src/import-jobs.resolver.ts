import { Args, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, Paginated, Role } from '@chorus/core';
import { ImportJob, ImportStatus } from './entities/import-job.entity';
import { ImportJobsArgs } from './dto/import-jobs.args';
import { ImportsService } from './imports.service';

@ObjectType()
export class ImportJobConnection extends Paginated(ImportJob, 'ImportJob') {}

/** The list of imports (who may read an import may list it: admins all, staff their organization's). */
@Resolver(() => ImportJob)
export class ImportJobsResolver {
  constructor(private readonly service: ImportsService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Query(() => ImportJobConnection, {
    description: 'Imports, oldest first: all for admins, their organization’s for staff',
  })
  imports(@CurrentActor() actor: Actor, @Args() args: ImportJobsArgs) {
    return this.service.list(actor, args);
  }

  @ResolveField(() => Date)
  createdAt(@Parent() job: ImportJob): Date {
    return job.createdAt;
  }

  @ResolveField(() => Date, { nullable: true })
  finishedAt(@Parent() job: ImportJob): Date | null {
    return job.finishedAt;
  }

  @ResolveField(() => Int, { description: 'Data rows in the file (0 until the whole file is received)' })
  totalRows(@Parent() job: ImportJob): number {
    return job.totalRows;
  }

  @ResolveField(() => Int, {
    description: 'Data rows received so far: grows while the file uploads (RECEIVING), then equals totalRows',
  })
  receivedRows(@Parent() job: ImportJob): number {
    return job.status === ImportStatus.RECEIVING ? job.stagedRows : job.totalRows;
  }
}
