import { Args, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, Paginated, Role } from '@chorus/core';
import { AuditEvent } from './audit-event.entity';
import { AuditEventsArgs } from './dto/audit-events.args';
import { AuditEventsService } from './audit-events.service';

@ObjectType()
export class AuditEventConnection extends Paginated(AuditEvent, 'AuditEvent') {}

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly events: AuditEventsService) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Query(() => AuditEventConnection, {
    description: 'The audit trail: all for admins, their organization’s users’ changes for staff; oldest first',
  })
  auditEvents(@CurrentActor() actor: Actor, @Args() args: AuditEventsArgs) {
    return this.events.list(actor, args);
  }

  @ResolveField(() => String, {
    description: 'The change as JSON: { before, after } for entity changes, or the action’s details',
  })
  changes(@Parent() event: AuditEvent): string {
    return JSON.stringify(event.changes ?? {});
  }
}
