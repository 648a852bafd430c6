import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CORE_CONFIG, CoreConfig } from '@chorus/core';
import { PressContactsService } from '../press-contacts.service';
import { PressOptOutTarget, PressOptOutTokens } from './press-opt-out-token';

/**
 * The opt-out link of press release emails (RFC 8058 one-click): sets the contact do-not-contact
 * through the contacts service (once, with its audit event), so no later release or mailing
 * reaches them. Idempotent: a repeated click changes nothing and answers the same.
 */
@Injectable()
export class PressOptOutService {
  private readonly tokens: PressOptOutTokens;

  constructor(
    @Inject(CORE_CONFIG) config: CoreConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: PressContactsService,
  ) {
    this.tokens = new PressOptOutTokens(config.JWT_SECRET);
  }

  verify(token: string): PressOptOutTarget | null {
    return this.tokens.verify(token);
  }

  /** Returns false when the contact no longer exists. */
  async optOut(target: PressOptOutTarget): Promise<boolean> {
    const { exists } = await this.db.transaction((em) =>
      this.contacts.optOut(em, target.contactId, { pressReleaseId: target.releaseId }),
    );
    return exists;
  }
}
