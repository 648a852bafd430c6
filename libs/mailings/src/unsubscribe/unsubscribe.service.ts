import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '@chorus/core';
import { AuditService } from '@chorus/audit';
import { ConsentService, ConsentSource, EmailStatus } from '@chorus/people';
import { UnsubscribeTarget, UnsubscribeTokens } from './unsubscribe-token';
import { MailingSignals } from '../signals/mailing-signals';

/**
 * One-click unsubscribe (RFC 8058). Idempotent: the first call records the consent change
 * (status, when, how, audit event), later calls change nothing and answer the same.
 */
@Injectable()
export class UnsubscribeService {
  private readonly tokens: UnsubscribeTokens;

  constructor(
    @Inject(CORE_CONFIG) config: CoreConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly signals: MailingSignals,
    private readonly consent: ConsentService,
  ) {
    this.tokens = new UnsubscribeTokens(config.JWT_SECRET);
  }

  verify(token: string): UnsubscribeTarget | null {
    return this.tokens.verify(token);
  }

  /** Returns false when the recipient no longer exists. */
  async unsubscribe(target: UnsubscribeTarget): Promise<boolean> {
    const { exists, changed } = await this.record(target);
    // After commit: batches already claimed drop this recipient before their next message.
    if (changed) await this.signals.suppressionChanged();
    return exists;
  }

  private async record(target: UnsubscribeTarget): Promise<{ exists: boolean; changed: boolean }> {
    return this.db.transaction(async (manager) => {
      if (target.kind === 'contact') {
        const [rows] = await manager.query(`UPDATE press_contacts SET do_not_contact = true, updated_at = now() WHERE id = $1 AND NOT do_not_contact RETURNING id`, [target.recipientId]);
        if (rows.length > 0) await this.audit.record({ entity: 'press_contacts', entityId: target.recipientId, action: 'unsubscribe', changes: { before: { doNotContact: false }, after: { doNotContact: true }, mailingId: target.mailingId } }, manager);
        if (rows.length > 0) return { exists: true, changed: true };
        return { exists: (await manager.query(`SELECT 1 FROM press_contacts WHERE id = $1`, [target.recipientId])).length > 0, changed: false };
      }
      // The consent log records the opt-out (never weakening a stronger status such as a complaint).
      const changed = await this.consent.record(manager, {
        personIds: [target.recipientId], status: EmailStatus.UNSUBSCRIBED, source: ConsentSource.ONE_CLICK, rule: 'more-protective',
        textShown: `Unsubscribed with the one-click link of mailing ${target.mailingId}`, mailingId: target.mailingId, actorUserId: null, auditAction: 'unsubscribe',
      });
      if (changed.length > 0) return { exists: true, changed: true };
      return { exists: (await manager.query(`SELECT 1 FROM people WHERE id = $1`, [target.recipientId])).length > 0, changed: false };
    });
  }
}
