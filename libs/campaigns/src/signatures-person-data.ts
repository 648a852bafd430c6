import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService, recordAuditPerRow, returnedIds } from '@chorus/audit';
import { organizationNameSql } from '@chorus/organizations';
import { PersonDataPart } from '@chorus/people';
import { countableSignatureSql } from './sql/signature-fragments';

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

  /**
   * One signature per campaign: where both signed, the one that counts more stays (verified, then
   * unverified, then an unconfirmed public sign-up, then rejected; the kept person's on a tie), so
   * that de-duplicating a person never changes whether they validly signed.
   */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const strength = (alias: string) =>
      `CASE WHEN ${alias}.verification = 'REJECTED' THEN 0 WHEN NOT ${countableSignatureSql(alias)} THEN 1
            WHEN ${alias}.verification = 'VERIFIED' THEN 3 ELSE 2 END`;
    const dropped = await manager.query(
      `WITH pairs AS (
         SELECT s.id AS from_id, k.id AS kept_id, ${strength('s')} > ${strength('k')} AS from_counts_more
           FROM signatures s JOIN signatures k ON k.person_id = $2 AND k.campaign_id = s.campaign_id
          WHERE s.person_id = $1)
       DELETE FROM signatures d USING pairs p
        WHERE d.id = CASE WHEN p.from_counts_more THEN p.kept_id ELSE p.from_id END
       RETURNING d.id`,
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
      changes: { reason: 'merge', mergedFrom: fromId, mergedInto: toId },
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
