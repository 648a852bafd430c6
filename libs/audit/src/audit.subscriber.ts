import {
  EntityManager,
  EntitySubscriberInterface,
  InsertEvent,
  RemoveEvent,
  UpdateEvent,
  EntityMetadata,
} from 'typeorm';
import { currentContext } from '@chorus/core';
import { AuditEvent } from './audit-event.entity';
import { auditOptionsOf } from './audited.decorator';
import { isAuditEntity } from './audit-entities';

type Row = Record<string, unknown>;

/**
 * Writes an audit event in the same transaction as every insert, update and remove of an
 * @Audited entity, with the actor and request id of the current request.
 */
export class AuditSubscriber implements EntitySubscriberInterface {
  async afterInsert(event: InsertEvent<Row>): Promise<void> {
    await this.write(event.manager, event.metadata, event.entity, 'create', { after: event.entity });
  }

  async afterUpdate(event: UpdateEvent<Row>): Promise<void> {
    if (!event.entity) return;
    const changed = event.updatedColumns.map((c) => c.propertyName);
    if (changed.length === 0) return;
    const before = event.databaseEntity ? pick(event.databaseEntity, changed) : undefined;
    await this.write(event.manager, event.metadata, { ...event.databaseEntity, ...event.entity }, 'update', {
      before,
      after: pick(event.entity as Row, changed),
    });
  }

  async afterRemove(event: RemoveEvent<Row>): Promise<void> {
    const before = event.databaseEntity ?? event.entity;
    await this.write(event.manager, event.metadata, { ...before, id: event.entityId ?? before?.id }, 'delete', {
      before,
    });
  }

  private async write(
    manager: EntityManager,
    metadata: EntityMetadata,
    entity: Row | undefined,
    action: string,
    changes: { before?: Row; after?: Row },
  ) {
    const options = auditOptionsOf(metadata.target as object);
    if (!options || !entity) return;
    if (!isAuditEntity(metadata.tableName))
      throw new Error(`@Audited table ${metadata.tableName} is missing from AUDIT_ENTITIES`);
    const strip = (row?: Row) => (row ? omit(row, options.exclude ?? []) : undefined);
    const context = currentContext();
    await manager.insert(AuditEvent, {
      actorUserId: context?.actor?.userId ?? null,
      organizationId: context?.actor?.organizationId ?? null,
      requestId: context?.requestId ?? null,
      entity: metadata.tableName,
      entityId: entity.id == null ? null : String(entity.id),
      action,
      changes: JSON.parse(JSON.stringify({ before: strip(changes.before), after: strip(changes.after) })),
    });
  }
}

function pick(row: Row, keys: string[]): Row {
  return Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]]));
}

/** Drops excluded properties and loaded relations (objects other than dates). */
function omit(row: Row, keys: string[]): Row {
  const isRelation = (v: unknown) => v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v);
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => !keys.includes(k) && !isRelation(v)));
}
