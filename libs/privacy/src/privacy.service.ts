import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, badInput, ConflictError, ForbiddenError, isAdmin, NotFoundError } from '@chorus/core';
import { AuditService, auditTrailOf, eraseFromAuditTrail } from '@chorus/audit';
import {
  ConsentService,
  ConsentSource,
  EmailStatus,
  LockedPersonRow,
  lockPeopleForUpdate,
  mostProtective,
  otherOrganizationsHoldingPersonSql,
  PeoplePersonData,
  PeopleService,
  Person,
  PersonDataPart,
} from '@chorus/people';
import { PERSON_DATA_PARTS } from './person-data-parts';

// Name parts shorter than this are not scrubbed from free text: "Al" would take every "al" with it.
const MIN_NAME_SECRET = 3;

/**
 * The GDPR operations on a person: merge a duplicate, export everything, erase. Who may: admins
 * any person; ORG_STAFF only people in their scope that no other organization holds (no
 * membership elsewhere, no signature another organization recruited) — else FORBIDDEN; people
 * out of scope are NOT_FOUND. Each runs in one transaction with the person rows locked.
 */
@Injectable()
export class PrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PERSON_DATA_PARTS) private readonly parts: PersonDataPart[],
    private readonly people: PeopleService,
    private readonly peopleData: PeoplePersonData,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
  ) {}

  /** Merges `mergeId` into `keepId`: everything moves, the most protective status wins, the duplicate is deleted. */
  async merge(actor: Actor, keepId: string, mergeId: string): Promise<Person> {
    if (keepId === mergeId) badInput('mergeId', 'must be another person than keepId');
    await this.assertMayManage(actor, keepId);
    await this.assertMayManage(actor, mergeId);
    await this.dataSource.transaction(async (manager) => {
      const [keep, merged] = await this.lock(manager, [keepId, mergeId]);
      const status = mostProtective(keep.email_status, merged.email_status);
      for (const part of this.parts) await part.moveTo(manager, mergeId, keepId);
      // An opt-out is never lost: the kept person takes the stronger status (logged last, as the
      // moved events may be newer), and an opted-out duplicate's address may not come back as a
      // new subscriber through an import.
      await this.consent.record(manager, {
        personIds: [keepId],
        status,
        source: ConsentSource.MERGE,
        rule: 'always',
        textShown: `Merged with person ${mergeId}`,
      });
      if (merged.email_status !== EmailStatus.SUBSCRIBED)
        await this.consent.suppress(manager, merged.email, 'MERGED_OPT_OUT');
      await this.peopleData.removeMerged(manager, mergeId, keepId);
      await this.audit.record(
        {
          entity: 'people',
          entityId: keepId,
          action: 'merge',
          changes: {
            mergedId: mergeId,
            mergedEmail: merged.email,
            before: { emailStatus: keep.email_status, mergedEmailStatus: merged.email_status },
            after: { emailStatus: status },
          },
        },
        manager,
      );
    });
    return this.people.get(actor, keepId);
  }

  /**
   * Erasure (right to be forgotten): personal data leaves people, memberships, signatures,
   * deliveries, tasks, the consent log and audit payloads; the rows that counts rely on stay,
   * anonymous; the email's irreversible hash is kept so that it is never mailed or imported again.
   */
  async erase(actor: Actor, personId: string): Promise<Person> {
    await this.assertMayManage(actor, personId);
    await this.dataSource.transaction(async (manager) => {
      const [person] = await this.lock(manager, [personId]);
      const names = [
        person.first_name,
        person.last_name,
        [person.first_name, person.last_name].filter(Boolean).join(' '),
      ];
      const secrets = [
        ...new Set(
          [person.email, person.phone, ...names.filter((n) => n && n.trim().length >= MIN_NAME_SECRET)].filter(
            (s): s is string => !!s,
          ),
        ),
      ].sort((a, b) => b.length - a.length); // the full name before its parts
      await this.consent.suppress(manager, person.email, 'ERASED');
      await this.consent.record(manager, {
        personIds: [personId],
        status: EmailStatus.UNSUBSCRIBED,
        source: ConsentSource.ERASURE,
        rule: 'more-protective',
      });
      for (const part of this.parts) await part.erase(manager, personId, secrets);
      await eraseFromAuditTrail(manager, 'people', [personId], secrets);
      await this.audit.record(
        { entity: 'people', entityId: personId, action: 'erase', changes: { erased: true } },
        manager,
      );
    });
    return (await this.people.byIds([personId]))[0];
  }

  /** Everything Chorus holds about the person, as one JSON document (the export is audited). */
  async export(actor: Actor, personId: string): Promise<Record<string, unknown>> {
    await this.assertMayManage(actor, personId);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const document: Record<string, unknown> = {
        exportedAt: new Date().toISOString(),
        person: await this.peopleData.person(manager, personId),
        consentEvents: await this.peopleData.consentEvents(manager, personId),
      };
      for (const part of this.parts) document[part.key] = await part.export(manager, personId);
      document.auditEvents = await auditTrailOf(manager, 'people', personId);
      await this.audit.record({ entity: 'people', entityId: personId, action: 'export' }, manager);
      return document;
    });
  }

  /** NOT_FOUND out of scope; FORBIDDEN for staff when another organization also holds the person. */
  private async assertMayManage(actor: Actor, personId: string): Promise<void> {
    await this.people.get(actor, personId);
    if (isAdmin(actor)) return;
    const others = await this.dataSource.query(otherOrganizationsHoldingPersonSql(), [personId, actor.organizationId]);
    if (others.length > 0)
      throw new ForbiddenError('Another organization also holds this person: ask a coalition admin');
  }

  /** Locks the rows (in id order, so that two merges cannot deadlock); an erased person is a CONFLICT. */
  private async lock(manager: EntityManager, ids: string[]): Promise<LockedPersonRow[]> {
    const rows = await lockPeopleForUpdate(manager, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new NotFoundError('Person', id);
      if (row.erased_at) throw new ConflictError('This person was erased', { id: 'is erased' });
      return row;
    });
  }
}
