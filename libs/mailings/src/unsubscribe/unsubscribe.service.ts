import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '@chorus/core';
import { ConsentService, ConsentSource, EmailStatus, PeopleService } from '@chorus/people';
import { PressContactsService } from '@chorus/press';
import { UnsubscribeTarget, UnsubscribeTokens } from './unsubscribe-token';
import { MailingSignals } from '../signals/mailing-signals';

/**
 * One-click unsubscribe (RFC 8058). Idempotent: the first call records the consent change
 * (status, when, how, audit event), later calls change nothing and answer the same. The
 * recipient's own area writes the change: people's consent code, press's contacts service.
 */
@Injectable()
export class UnsubscribeService {
  private readonly tokens: UnsubscribeTokens;

  constructor(
    @Inject(CORE_CONFIG) config: CoreConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly signals: MailingSignals,
    private readonly consent: ConsentService,
    private readonly people: PeopleService,
    private readonly press: PressContactsService,
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
      if (target.kind === 'contact')
        return this.press.optOut(manager, target.recipientId, { mailingId: target.mailingId });
      // The consent log records the opt-out (never weakening a stronger status such as a complaint).
      const changed = await this.consent.record(manager, {
        personIds: [target.recipientId],
        status: EmailStatus.UNSUBSCRIBED,
        source: ConsentSource.ONE_CLICK,
        rule: 'more-protective',
        textShown: `Unsubscribed with the one-click link of mailing ${target.mailingId}`,
        mailingId: target.mailingId,
        actorUserId: null,
        auditAction: 'unsubscribe',
      });
      if (changed.length > 0) return { exists: true, changed: true };
      // Nothing changed: already opted out, or nobody (an erased person's row stays, so they exist).
      return { exists: (await this.people.byIds([target.recipientId])).length > 0, changed: false };
    });
  }
}
