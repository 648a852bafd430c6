import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, Role } from '@chorus/core';
import { ImportJob, ImportRowError } from './entities/import-job.entity';
import { ImportsService } from './imports.service';

@Resolver(() => ImportJob)
export class ImportsResolver {
  constructor(private readonly imports: ImportsService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Query(() => ImportJob, { nullable: true, name: 'import' })
  importJob(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.imports.get(actor, id);
  }

  @ResolveField(() => [ImportRowError])
  errors(@Parent() job: ImportJob) {
    return this.imports.errors(job.id);
  }
}
