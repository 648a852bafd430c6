import { EntityManager } from 'typeorm';
import type { AuditEntity } from './audit-entities';

/** The audit events about one row, oldest first, as a GDPR export shows them (who did what, when). */
export function auditTrailOf(manager: EntityManager, entity: AuditEntity, entityId: string): Promise<unknown[]> {
  return manager.query(
    `SELECT occurred_at, action, actor_user_id, changes FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY occurred_at, id`,
    [entity, entityId],
  );
}
