import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, badInput, ForbiddenError, isAdmin, paginate, Role } from '@chorus/core';
import { AuditEvent } from './audit-event.entity';
import { AuditEventsArgs } from './dto/audit-events.args';

/**
 * Reading the audit trail. Admins read every event; union staff the events written by users of
 * their organization (the organization is stored on each event when it is written); press
 * officers none. Oldest first (ids are time-ordered), stable under concurrent writes.
 */
@Injectable()
export class AuditEventsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(actor: Actor, args: AuditEventsArgs) {
    if (args.from && args.to && args.from.getTime() >= args.to.getTime()) badInput('to', 'must be after from');
    const query = this.db.getRepository(AuditEvent).createQueryBuilder('e');
    if (actor.role === Role.ORG_STAFF) query.where('e.organization_id = :org', { org: actor.organizationId });
    else if (!isAdmin(actor)) throw new ForbiddenError(`${actor.role} may not read the audit trail`);
    if (args.actorId) query.andWhere('e.actor_user_id = :actorId', { actorId: args.actorId });
    if (args.entity) query.andWhere('e.entity = :entity', { entity: args.entity });
    if (args.entityId) query.andWhere('e.entity_id = :entityId', { entityId: args.entityId });
    if (args.from) query.andWhere('e.occurred_at >= :from', { from: args.from });
    if (args.to) query.andWhere('e.occurred_at < :to', { to: args.to });
    return paginate(query, [{ expression: 'e.id' }], args);
  }
}
