import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, eraseFromAuditTrail, recordAuditPerRow, returnedIds, returnedRows } from '@chorus/audit';
import { organizationNameSql } from '@chorus/organizations';
import { PersonDataPart } from './person-data-part';

/** The person record itself, memberships, tags and consent log: the people area's part. */
@Injectable()
export class PeoplePersonData implements PersonDataPart {
  readonly key = 'memberships';

  constructor(private readonly audit: AuditService) {}

  /** The person row as stored (exportPerson puts it at the top of the document). */
  async person(manager: EntityManager, personId: string): Promise<Record<string, unknown> | null> {
    const [row] = await manager.query(
      `SELECT id, email, first_name, last_name, phone, country, disciplines, tags, email_status, email_status_changed_at, email_confirmed_at,
              consent_at, consent_source, consent_text, erased_at, created_at, updated_at
       FROM people WHERE id = $1`,
      [personId],
    );
    return row ?? null;
  }

  consentEvents(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT id, status, source, occurred_at, text_shown, lawful_basis, actor_user_id, ip_hash, import_id, mailing_id
       FROM consent_events WHERE person_id = $1 ORDER BY occurred_at, id`,
      [personId],
    );
  }

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT ${organizationNameSql('m.organization_id')} AS organization, m.role, m.member_number, m.created_at FROM memberships m
       WHERE m.person_id = $1 ORDER BY m.created_at, m.id`,
      [personId],
    );
  }

  /**
   * Memberships the kept person lacks, tags (kept ones first), empty name/phone/country filled,
   * the consent log (history of both). The status is settled by the caller through the consent log.
   */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const dropped = await manager.query(
      `DELETE FROM memberships m WHERE m.person_id = $1 AND EXISTS (SELECT 1 FROM memberships k WHERE k.person_id = $2 AND k.organization_id = m.organization_id) RETURNING m.id`,
      [fromId, toId],
    );
    const moved = await manager.query(`UPDATE memberships SET person_id = $2 WHERE person_id = $1 RETURNING id`, [
      fromId,
      toId,
    ]);
    await recordAuditPerRow(this.audit, manager, {
      entity: 'memberships',
      ids: returnedIds(dropped),
      action: 'delete',
      changes: { reason: 'merge', personId: fromId, mergedInto: toId },
    });
    await recordAuditPerRow(this.audit, manager, {
      entity: 'memberships',
      ids: returnedIds(moved),
      action: 'merge',
      changes: { before: { personId: fromId }, after: { personId: toId } },
    });
    await manager.query(`UPDATE consent_events SET person_id = $2 WHERE person_id = $1`, [fromId, toId]);
    await manager.query(
      `UPDATE people k SET
         tags = ARRAY(SELECT t FROM unnest(k.tags || array(SELECT x FROM unnest(f.tags) x WHERE x <> ALL (k.tags))) WITH ORDINALITY AS u(t, i) ORDER BY i),
         disciplines = ARRAY(SELECT DISTINCT unnest(k.disciplines || f.disciplines)),
         last_name = coalesce(k.last_name, f.last_name), phone = coalesce(k.phone, f.phone), country = coalesce(k.country, f.country),
         email_confirmed_at = coalesce(k.email_confirmed_at, f.email_confirmed_at), updated_at = now()
       FROM people f WHERE k.id = $2 AND f.id = $1`,
      [fromId, toId],
    );
    // The kept person's row: the caller (mergePeople) records the `merge` event in the same transaction.
  }

  /** Merge: deletes the duplicate once everything moved to `keepId`. */
  async removeMerged(manager: EntityManager, mergedId: string, keepId: string): Promise<void> {
    await manager.query(`DELETE FROM people WHERE id = $1`, [mergedId]);
    await this.audit.record(
      { entity: 'people', entityId: mergedId, action: 'delete', changes: { mergedInto: keepId } },
      manager,
    );
  }

  /**
   * Memberships go (member numbers are personal data), and so do their member numbers in the
   * audit trail (the memberships' own events lose their payload, other events the numbers);
   * consent events lose their text and address hash; the row keeps its id (signatures and
   * deliveries still count) and nothing else.
   */
  async erase(manager: EntityManager, personId: string): Promise<void> {
    const dropped = returnedRows<{ id: string; member_number: string | null }>(
      await manager.query(`DELETE FROM memberships WHERE person_id = $1 RETURNING id, member_number`, [personId]),
    );
    const memberNumbers = dropped.flatMap((m) => (m.member_number ? [m.member_number] : []));
    await eraseFromAuditTrail(
      manager,
      'memberships',
      dropped.map((m) => m.id),
      memberNumbers,
    );
    await recordAuditPerRow(this.audit, manager, {
      entity: 'memberships',
      ids: dropped.map((m) => m.id),
      action: 'delete',
      changes: { reason: 'erasure' },
    });
    await manager.query(`UPDATE consent_events SET text_shown = NULL, ip_hash = NULL WHERE person_id = $1`, [personId]);
    await manager.query(
      `UPDATE people SET email = 'erased-' || id || '@erased.invalid', first_name = 'Erased', last_name = NULL, phone = NULL, country = NULL,
         disciplines = '{}', tags = '{}', consent_text = NULL, email_confirmed_at = NULL, erased_at = now(), updated_at = now()
       WHERE id = $1`,
      [personId],
    );
    // The caller (erasePerson) records the `erase` event of the person row in the same transaction.
  }

  readonly activitySql = `
    SELECT 'CONSENT' AS kind, e.id::text AS id, e.occurred_at, e.status || ' (' || e.source || ')' AS title, e.text_shown AS detail
    FROM consent_events e WHERE e.person_id = $1`;
}
