import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { currentContext } from '@chorus/core';
import { AuditEvent } from './audit-event.entity';
import { AuditSubscriber } from './audit.subscriber';
import type { AuditEntity } from './audit-entities';

/** One audit event written by code that bypasses the entity subscriber. */
export interface AuditEntry {
  entity: AuditEntity;
  entityId?: string | null;
  action: string;
  changes?: Record<string, unknown>;
  actorUserId?: string | null;
  organizationId?: string | null;
}

/** The audit trail. Entity changes are recorded by the subscriber; bulk work records itself here. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    if (!dataSource.subscribers.some((s) => s instanceof AuditSubscriber))
      dataSource.subscribers.push(new AuditSubscriber());
  }

  /** Records one event for work that bypasses entities (imports, exports, set-based updates). */
  record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    return this.recordMany([entry], manager);
  }

  /** Records the events of a set-based write in one INSERT (one event per row it changed). */
  async recordMany(entries: readonly AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const context = currentContext();
    const events = (manager ?? this.dataSource.manager).getRepository(AuditEvent);
    const actor = context?.actor;
    await events.insert(
      entries.map((entry) => {
        // The request's actor gives the organization, unless the event is written for someone else (a worker's job).
        const actorsOrganization =
          actor && (!entry.actorUserId || entry.actorUserId === actor.userId) ? actor.organizationId : null;
        return events.create({
          actorUserId: entry.actorUserId ?? actor?.userId ?? null,
          organizationId: entry.organizationId ?? actorsOrganization ?? null,
          requestId: context?.requestId ?? null,
          entity: entry.entity,
          entityId: entry.entityId ?? null,
          action: entry.action,
          changes: entry.changes ?? {},
        });
      }),
    );
  }

  async eventsFor(entity: AuditEntity, entityId: string): Promise<AuditEvent[]> {
    return this.dataSource
      .getRepository(AuditEvent)
      .find({ where: { entity, entityId }, order: { occurredAt: 'ASC' } });
  }
}
