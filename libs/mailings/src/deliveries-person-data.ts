import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonDataPart } from '@chorus/people';

/** The mailings a person received, for exportPerson, mergePeople, erasePerson and Person.activity. */
@Injectable()
export class DeliveriesPersonData implements PersonDataPart {
  readonly key = 'mailingsReceived';

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT m.id AS mailing_id, m.name AS mailing, m.subject, d.status, d.attempts, d.sent_at, d.error
       FROM mailing_deliveries d JOIN mailings m ON m.id = d.mailing_id WHERE d.person_id = $1 ORDER BY d.id`,
      [personId],
    );
  }

  /** One delivery per mailing: where both were recipients, the kept person's delivery stays. */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    await manager.query(
      `DELETE FROM mailing_deliveries d WHERE d.person_id = $1 AND EXISTS (SELECT 1 FROM mailing_deliveries k WHERE k.person_id = $2 AND k.mailing_id = d.mailing_id)`,
      [fromId, toId],
    );
    await manager.query(`UPDATE mailing_deliveries SET person_id = $2 WHERE person_id = $1`, [fromId, toId]);
  }

  /** Deliveries stay (mailing stats); an SMTP error may quote the address, so it goes. */
  async erase(manager: EntityManager, personId: string): Promise<void> {
    await manager.query(`UPDATE mailing_deliveries SET error = NULL WHERE person_id = $1 AND error IS NOT NULL`, [
      personId,
    ]);
  }

  // Staff see their organization's mailings only.
  readonly activitySql = `
    SELECT 'MAILING' AS kind, m.id::text AS id, coalesce(d.sent_at, m.started_at, m.created_at) AS occurred_at, m.name AS title, d.status AS detail
    FROM mailing_deliveries d JOIN mailings m ON m.id = d.mailing_id
    WHERE d.person_id = $1 AND ($2::uuid IS NULL OR m.owner_organization_id = $2::uuid)`;
}
