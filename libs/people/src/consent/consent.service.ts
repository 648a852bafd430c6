import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CORE_CONFIG, CoreConfig, currentContext } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { EmailStatus } from '../entities/person.entity';
import { ConsentEvent, ConsentSource } from './consent-event.entity';
import { consentChangeSql, ConsentRule } from './consent.sql';

/** A consent change for one or more people (values, not SQL). */
export interface ConsentChange {
  personIds: string[];
  status: EmailStatus;
  source: ConsentSource;
  rule: ConsentRule;
  textShown?: string | null;
  /** Defaults to the user of the current request. */
  actorUserId?: string | null;
  /** A client address: only its keyed hash is stored. */
  ip?: string | null;
  importId?: string | null;
  mailingId?: string | null;
  lawfulBasis?: string | null;
  /** The audit event's action (default `consent`). */
  auditAction?: string;
}

/**
 * The consent log and the only writer of people.email_status (issue 15: one writer). Records
 * in the caller's transaction; set-based SQL uses `consentChangeSql` instead.
 */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly audit: AuditService,
  ) {}

  /** Applies the change to the people the rule lets change; returns them with their status before. */
  async record(manager: EntityManager, change: ConsentChange): Promise<{ id: string; before: EmailStatus }[]> {
    if (change.personIds.length === 0) return [];
    const actorUserId =
      change.actorUserId === undefined ? (currentContext()?.actor?.userId ?? null) : change.actorUserId;
    const cte = consentChangeSql('changed', 'SELECT unnest($1::uuid[])', {
      status: change.status,
      source: change.source,
      rule: change.rule,
      textShown: '$2',
      actorUserId: '$3',
      ipHash: '$4',
      importId: '$5',
      mailingId: '$6',
      lawfulBasis: '$7',
    });
    const changed: { id: string; before: EmailStatus }[] = await manager.query(
      `WITH ${cte} SELECT id, before FROM changed`,
      [
        change.personIds,
        change.textShown ?? null,
        actorUserId,
        change.ip ? this.hashIp(change.ip) : null,
        change.importId ?? null,
        change.mailingId ?? null,
        change.lawfulBasis ?? null,
      ],
    );
    await this.audit.recordMany(
      changed.map(({ id, before }) => ({
        entity: 'people' as const,
        entityId: id,
        action: change.auditAction ?? 'consent',
        actorUserId,
        changes: {
          before: { emailStatus: before },
          after: { emailStatus: change.status },
          source: change.source,
          ...(change.mailingId ? { mailingId: change.mailingId } : {}),
        },
      })),
      manager,
    );
    return changed;
  }

  /** Consent events of these people, newest first (for the request loader of Person.consentEvents). */
  eventsFor(personIds: readonly string[], manager?: EntityManager): Promise<ConsentEvent[]> {
    if (personIds.length === 0) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager).find(ConsentEvent, {
      where: { personId: In([...personIds]) },
      order: { occurredAt: 'DESC', id: 'DESC' },
    });
  }

  /** A keyed hash of a client address: the log can tell two sign-ups from one address apart without keeping it. */
  hashIp(ip: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`consent-ip:${ip}`).digest('hex');
  }

  /** Whether the email is on the suppression list (erased, or left by an opted-out person; only a hash is kept). */
  async isSuppressed(email: string, manager?: EntityManager): Promise<boolean> {
    return (await this.suppressionReason(email, manager)) !== null;
  }

  /** Why the email is on the suppression list, or null. */
  async suppressionReason(email: string, manager?: EntityManager): Promise<string | null> {
    const rows: { reason: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT reason FROM suppressed_emails WHERE email_hash = chorus_email_hash($1)`,
      [email],
    );
    return rows[0]?.reason ?? null;
  }

  /**
   * Adds the email's irreversible hash to the suppression list: an erased person's, or the
   * address an opted-out person leaves, merged into another or changed to a new one (so that
   * re-creating it cannot bring a SUBSCRIBED duplicate back).
   */
  async suppress(
    manager: EntityManager,
    email: string,
    reason: 'ERASED' | 'MERGED_OPT_OUT' | 'REPLACED_OPT_OUT',
  ): Promise<void> {
    await manager.query(
      `INSERT INTO suppressed_emails (email_hash, reason) VALUES (chorus_email_hash($1), $2) ON CONFLICT DO NOTHING`,
      [email, reason],
    );
  }
}
