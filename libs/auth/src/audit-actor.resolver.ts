import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { AuditEvent } from '@chorus/audit';
import { byKey, GraphqlContext, requestLoader } from '@chorus/core';
import { User } from './entities/user.entity';
import { AuthService } from './auth.service';

/** AuditEvent.actor: the user behind a change (the audit area stores only the id). */
@Resolver(() => AuditEvent)
export class AuditActorResolver {
  constructor(private readonly auth: AuthService) {}

  @ResolveField(() => User, {
    nullable: true,
    description: 'null for the system (workers, public forms) or a user deleted since',
  })
  actor(@Parent() event: AuditEvent, @Context() context: GraphqlContext) {
    if (!event.actorUserId) return null;
    return requestLoader(
      context,
      'auth.auditActorById',
      () => new DataLoader<string, User | null>(async (ids) => byKey(ids, await this.auth.byIds(ids), (u) => u.id)),
    ).load(event.actorUserId);
  }
}
