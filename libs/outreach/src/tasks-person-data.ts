import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, recordAuditPerRow, returnedIds } from '@chorus/audit';
import { PersonDataPart } from '@chorus/people';

/** Outreach tasks about a person, for exportPerson, mergePeople, erasePerson and Person.activity. */
@Injectable()
export class TasksPersonData implements PersonDataPart {
  readonly key = 'outreachTasks';

  constructor(private readonly audit: AuditService) {}

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT id, kind, title, status, due_at, outcome, completed_at, created_at FROM outreach_tasks WHERE person_id = $1 ORDER BY created_at, id`,
      [personId],
    );
  }

  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const moved = await manager.query(
      `UPDATE outreach_tasks SET person_id = $2, updated_at = now() WHERE person_id = $1 RETURNING id`,
      [fromId, toId],
    );
    await recordAuditPerRow(this.audit, manager, {
      entity: 'outreach_tasks',
      ids: returnedIds(moved),
      action: 'merge',
      changes: { before: { personId: fromId }, after: { personId: toId } },
    });
  }

  /** The tasks stay (staff work history); the person's name, email or phone in their text goes. */
  async erase(manager: EntityManager, personId: string, secrets: string[]): Promise<void> {
    const scrubbed = await manager.query(
      `UPDATE outreach_tasks SET title = chorus_redact_text(title, $2::text[]), outcome = chorus_redact_text(outcome, $2::text[]), updated_at = now() WHERE person_id = $1 RETURNING id`,
      [personId, secrets],
    );
    await recordAuditPerRow(this.audit, manager, {
      entity: 'outreach_tasks',
      ids: returnedIds(scrubbed),
      action: 'erase',
      changes: { erased: ['title', 'outcome'] },
    });
  }

  // Staff see the tasks of their organization only.
  readonly activitySql = `
    SELECT 'TASK' AS kind, t.id::text AS id, coalesce(t.completed_at, t.due_at, t.created_at) AS occurred_at, t.kind || ': ' || t.title AS title, t.status AS detail
    FROM outreach_tasks t WHERE t.person_id = $1 AND ($2::uuid IS NULL OR t.organization_scope_id = $2::uuid)`;
}
