import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, recordAuditPerRow, returnedIds } from '@chorus/audit';
import { organizationNameSql } from '@chorus/organizations';
import { PersonDataPart } from '@chorus/people';

/** A person's signatures for exportPerson, mergePeople, erasePerson and Person.activity. */
@Injectable()
export class SignaturesPersonData implements PersonDataPart {
  readonly key = 'signatures';

  constructor(private readonly audit: AuditService) {}

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT s.id, c.slug AS campaign_slug, c.title AS campaign_title, s.signed_at, s.channel, ${organizationNameSql('s.recruited_by_organization_id')} AS recruited_by,
              s.public_display, s.display_title, s.verification, s.verified_at, s.consent_text, s.confirmed_at
       FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
       WHERE s.person_id = $1 ORDER BY s.signed_at, s.id`,
      [personId],
    );
  }

  /** One signature per campaign: where both signed, the kept person's signature stays. */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const dropped = await manager.query(
      `DELETE FROM signatures s WHERE s.person_id = $1 AND EXISTS (SELECT 1 FROM signatures k WHERE k.person_id = $2 AND k.campaign_id = s.campaign_id) RETURNING s.id`,
      [fromId, toId],
    );
    const moved = await manager.query(
      `UPDATE signatures SET person_id = $2, updated_at = now() WHERE person_id = $1 RETURNING id`,
      [fromId, toId],
    );
    await recordAuditPerRow(this.audit, manager, {
      entity: 'signatures',
      ids: returnedIds(dropped),
      action: 'delete',
      changes: { reason: 'merge', personId: fromId, mergedInto: toId },
    });
    await recordAuditPerRow(this.audit, manager, {
      entity: 'signatures',
      ids: returnedIds(moved),
      action: 'merge',
      changes: { before: { personId: fromId }, after: { personId: toId } },
    });
  }

  /** The signatures stay (campaign counts do not change); what the signer wrote or agreed to goes. */
  async erase(manager: EntityManager, personId: string): Promise<void> {
    const erased = await manager.query(
      `UPDATE signatures SET consent_text = NULL, display_title = NULL, public_display = false, updated_at = now() WHERE person_id = $1 RETURNING id`,
      [personId],
    );
    await recordAuditPerRow(this.audit, manager, {
      entity: 'signatures',
      ids: returnedIds(erased),
      action: 'erase',
      changes: { erased: ['consentText', 'displayTitle', 'publicDisplay'] },
    });
  }

  readonly activitySql = `
    SELECT 'SIGNATURE' AS kind, s.id::text AS id, s.signed_at AS occurred_at, 'Signed “' || c.title || '”' AS title, s.verification AS detail
    FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE s.person_id = $1`;
}
