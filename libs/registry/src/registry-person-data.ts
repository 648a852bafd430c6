import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, recordAuditPerRow, redactInAuditTrail, returnedIds } from '@chorus/audit';
import { organizationNameSql } from '@chorus/organizations';
import { PersonDataPart } from '@chorus/people';
import { Work } from './entities/work.entity';
import { Reservation } from './entities/reservation.entity';
import { LookupCache } from './publication/lookup-cache';

// The GDPR operations (libs/privacy) on the registry. Merge and erasure write through TypeORM's
// query builder with listeners off and record their events themselves, like the other areas'
// merge moves (one `merge` / `erase` / `delete` event per row, in the operation's transaction).
// The lookup cache of this process is cleared when that transaction commits; other API
// processes serve their cached answers until REGISTRY_LOOKUP_CACHE_SECONDS (30 s by default).
//
// Erasure keeps the creator's works and reservations, still linked to the anonymous person row:
// a published reservation is the creator's opt-out from AI training (Art. 4(3) DSM Directive),
// and erasing their personal data must not hand their works to crawlers. Withdrawing it is a
// separate act (withdrawTdmReservation). What identifies the person goes: the works' ISNI (the
// creator's own identifier), their name, email or phone in the works' titles, and a licensing
// contact that names them. Only a hard delete of the person row (the duplicate of a merge, after
// this part moved everything) would cascade (reservations) or unlink (works).

/** The works a person created, for exportPerson, mergePeople and erasePerson. */
@Injectable()
export class RegistryWorksPersonData implements PersonDataPart {
  readonly key = 'registryWorks';

  constructor(
    private readonly audit: AuditService,
    private readonly cache: LookupCache,
  ) {}

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    return manager.query(
      `SELECT w.id, w.title, w.kind, w.isrc, w.iswc, w.isbn, w.isni, w.url, ${organizationNameSql('w.organization_id')} AS registered_by,
              ${organizationNameSql('w.rights_holder_organization_id')} AS rights_holder, w.created_at, w.updated_at
       FROM registry_works w WHERE w.creator_person_id = $1 ORDER BY w.created_at, w.id`,
      [personId],
    );
  }

  /** The works follow their creator (the creator-wide reservations of the kept person then apply to them). */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const moved = await manager
      .createQueryBuilder()
      .update(Work)
      .set({ creatorPersonId: toId, updatedAt: () => 'now()' })
      .where('creator_person_id = :fromId', { fromId })
      .returning('id')
      .callListeners(false)
      .execute();
    const ids = returnedIds(moved.raw);
    await recordAuditPerRow(this.audit, manager, {
      entity: 'registry_works',
      ids,
      action: 'merge',
      changes: { before: { creatorPersonId: fromId }, after: { creatorPersonId: toId } },
    });
    if (ids.length) this.cache.invalidateOnCommit(manager);
  }

  /** The works stay (see above); the creator's ISNI goes, and their name, email or phone in a title. */
  async erase(manager: EntityManager, personId: string, secrets: string[]): Promise<void> {
    // The creator's ISNI identifies them: gone from the works and from the audit trail's payloads.
    const isnis: { isni: string }[] = await manager.query(
      `SELECT DISTINCT isni FROM registry_works WHERE creator_person_id = $1 AND isni IS NOT NULL`,
      [personId],
    );
    await redactInAuditTrail(
      manager,
      isnis.map((w) => w.isni),
    );
    const erased = await manager
      .createQueryBuilder()
      .update(Work)
      .set({ isni: null, title: () => 'chorus_redact_text(title, CAST(:secrets AS text[]))', updatedAt: () => 'now()' })
      .where('creator_person_id = :personId', { personId })
      .andWhere('(isni IS NOT NULL OR chorus_redact_text(title, CAST(:secrets AS text[])) <> title)', { secrets })
      .returning('id')
      .callListeners(false)
      .execute();
    const ids = returnedIds(erased.raw);
    await recordAuditPerRow(this.audit, manager, {
      entity: 'registry_works',
      ids,
      action: 'erase',
      changes: { erased: ['isni', 'title'] },
    });
    if (ids.length) this.cache.invalidateOnCommit(manager);
  }
}

/** TDM reservations of a person: creator-wide ones, and those of the person's works. */
@Injectable()
export class TdmReservationsPersonData implements PersonDataPart {
  readonly key = 'tdmReservations';

  constructor(
    private readonly audit: AuditService,
    private readonly cache: LookupCache,
  ) {}

  export(manager: EntityManager, personId: string): Promise<unknown[]> {
    const columns = (
      workTitle: string,
    ) => `r.id, r.work_id, ${workTitle} AS work_title, ${organizationNameSql('r.organization_id')} AS organization,
      r.tdm_reserved, r.allow_ai_training, r.allow_generative_ai, r.allow_search_indexing, r.licensing_contact, r.policy_url,
      to_char(r.effective_from, 'YYYY-MM-DD') AS effective_from, r.status, r.confirmed_at, r.attested_by_user_id, r.created_at, r.updated_at`;
    return manager.query(
      `SELECT ${columns('NULL::text')} FROM registry_reservations r WHERE r.creator_person_id = $1
       UNION ALL
       SELECT ${columns('w.title')} FROM registry_works w JOIN registry_reservations r ON r.work_id = w.id WHERE w.creator_person_id = $1
       ORDER BY created_at, id`,
      [personId],
    );
  }

  /**
   * Creator-wide reservations move to the kept person (work reservations follow their works). One
   * per organization (the unique index): where both people have one for the same organization,
   * the kept person's stays and the duplicate's is deleted — deterministic, and the kept
   * person's record is the one staff chose to keep; the deleted row is in its `delete` event.
   */
  async moveTo(manager: EntityManager, fromId: string, toId: string): Promise<void> {
    const theirs = await manager.find(Reservation, { where: { creatorPersonId: fromId } });
    if (theirs.length === 0) return;
    const keptOrganizations = new Set(
      (await manager.find(Reservation, { select: { organizationId: true }, where: { creatorPersonId: toId } })).map(
        (r) => r.organizationId,
      ),
    );
    const dropped = theirs.filter((r) => keptOrganizations.has(r.organizationId));
    const moved = theirs.filter((r) => !keptOrganizations.has(r.organizationId));
    if (dropped.length) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(Reservation)
        .where({ id: In(dropped.map((r) => r.id)) })
        .callListeners(false)
        .execute();
      await this.audit.recordMany(
        dropped.map((r) => ({
          entity: 'registry_reservations' as const,
          entityId: r.id,
          action: 'delete',
          changes: { reason: 'merge', creatorPersonId: fromId, mergedInto: toId, before: { ...r } },
        })),
        manager,
      );
    }
    if (moved.length) {
      await manager
        .createQueryBuilder()
        .update(Reservation)
        .set({ creatorPersonId: toId, updatedAt: () => 'now()' })
        .where({ id: In(moved.map((r) => r.id)) })
        .callListeners(false)
        .execute();
      await recordAuditPerRow(this.audit, manager, {
        entity: 'registry_reservations',
        ids: moved.map((r) => r.id),
        action: 'merge',
        changes: { before: { creatorPersonId: fromId }, after: { creatorPersonId: toId } },
      });
    }
    this.cache.invalidateOnCommit(manager);
  }

  /**
   * The reservations stay published (see above); a licensing contact that names the person
   * (email, phone, name) is cleared rather than published half-redacted.
   */
  async erase(manager: EntityManager, personId: string, secrets: string[]): Promise<void> {
    const erased = await manager
      .createQueryBuilder()
      .update(Reservation)
      .set({ licensingContact: null, updatedAt: () => 'now()' })
      .where(
        '(creator_person_id = :personId OR work_id IN (SELECT w.id FROM registry_works w WHERE w.creator_person_id = :personId))',
        { personId },
      )
      .andWhere('chorus_redact_text(licensing_contact, CAST(:secrets AS text[])) <> licensing_contact', { secrets })
      .returning('id')
      .callListeners(false)
      .execute();
    const ids = returnedIds(erased.raw);
    await recordAuditPerRow(this.audit, manager, {
      entity: 'registry_reservations',
      ids,
      action: 'erase',
      changes: { erased: ['licensingContact'] },
    });
    if (ids.length) this.cache.invalidateOnCommit(manager);
  }
}
