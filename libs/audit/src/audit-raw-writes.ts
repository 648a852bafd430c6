import { EntityManager } from 'typeorm';
import type { AuditEntity } from './audit-entities';
import type { AuditService } from './audit.service';

/**
 * For raw writers (set-based SQL that bypasses the entity subscriber): records one event per row
 * the statement wrote, in the caller's transaction. `ids` come from the statement's RETURNING.
 */
export async function recordAuditPerRow(
  audit: AuditService,
  manager: EntityManager,
  entry: { entity: AuditEntity; ids: string[]; action: string; changes?: Record<string, unknown> },
): Promise<void> {
  await audit.recordMany(
    entry.ids.map((entityId) => ({ entity: entry.entity, entityId, action: entry.action, changes: entry.changes })),
    manager,
  );
}

/** The ids an `UPDATE … RETURNING id` or `DELETE … RETURNING id` answered (TypeORM gives `[rows, count]`). */
export function returnedIds(result: unknown): string[] {
  return returnedRows<{ id: string }>(result).map((row) => row.id);
}

/** The RETURNING rows of a raw write (TypeORM answers [rows, count] for UPDATE and DELETE). */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
