import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  badInput,
  ConflictError,
  CORE_CONFIG,
  CoreConfig,
  isUniqueViolation,
  JobQueue,
  NotFoundError,
} from '@chorus/core';
import { OrganizationsService } from '@chorus/organizations';
import { ConsentService, ConsentSource, PeopleService } from '@chorus/people';
import { Signature, SignatureChannel } from './entities/signature.entity';
import { Campaign, CampaignStatus } from './entities/campaign.entity';
import { SignCampaignInput } from './dto/campaign.inputs';
import { SignThrottle } from './sign-throttle';
import { signatureToken, verifySignatureToken } from './signature-token';
import { countableSignatureSql } from './sql/signature-fragments';
import { CampaignsService } from './campaigns.service';

export interface PendingConfirmation {
  signature: Signature;
  campaign: Campaign;
}

/**
 * The public sign-up (double opt-in): records an UNVERIFIED signature and mails a confirmation
 * link. It answers the same whether the email was known or not, and never changes the data of
 * an existing person.
 */
@Injectable()
export class PublicSigningService {
  private readonly logger = new Logger(PublicSigningService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly people: PeopleService,
    private readonly consent: ConsentService,
    private readonly organizations: OrganizationsService,
    private readonly campaigns: CampaignsService,
    private readonly throttle: SignThrottle,
    private readonly jobs: JobQueue,
  ) {}

  async sign(input: SignCampaignInput, clientIp: string): Promise<true> {
    await this.throttle.consume(clientIp);
    const campaign = await this.campaigns.findBySlug(input.slug);
    // A draft is not public yet (not found); a closed campaign still shows its signatories, so say it is closed.
    if (campaign?.status === CampaignStatus.CLOSED)
      throw new ConflictError(`Campaign ${input.slug} is closed and no longer takes signatures`, {
        slug: 'is a closed campaign',
      });
    if (!campaign || campaign.status !== CampaignStatus.ACTIVE) throw new NotFoundError('Campaign', input.slug);
    if (input.recruitedByOrganizationId && !(await this.organizations.find(input.recruitedByOrganizationId)))
      badInput('recruitedByOrganizationId', 'is not an organization of the coalition');

    // An erased person's email is never added again; the answer stays the same (no enumeration).
    if (await this.consent.isSuppressed(input.email)) return true;
    const signature = await this.recordWithRetry(input, campaign, clientIp);
    // The person's signature recorded by staff stays as it is and asks nothing of them: no email.
    if (signature.channel === SignatureChannel.PUBLIC && !signature.confirmedAt && !signature.confirmationSentAt) {
      // One confirmation per signature: repeated sign-ups do not spam. With Redis away the signature
      // is kept and the worker's reconciler sends the email from PostgreSQL later.
      await this.enqueueConfirmation(signature.id).catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          `Confirmation of signature ${signature.id} not queued; the reconciler will send it`,
        ),
      );
    }
    return true;
  }

  enqueueConfirmation(signatureId: string) {
    return this.jobs.enqueue(
      'email.signature-confirmation',
      { signatureId },
      { jobId: `signature-confirmation-${signatureId}` },
    );
  }

  /** Public signatures whose confirmation email has not gone out and is still worth sending (for the reconciler). */
  async unsentConfirmationIds(maxAgeMs: number): Promise<string[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(Signature, 's')
      .select('s.id', 'id')
      .where(`NOT ${countableSignatureSql('s')} AND s.confirmation_sent_at IS NULL`)
      .andWhere('s.created_at BETWEEN :oldest AND :newest', {
        oldest: new Date(Date.now() - maxAgeMs),
        newest: new Date(Date.now() - 5000),
      })
      .orderBy('s.created_at')
      .limit(1000)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Two sign-ups of one new email at once: the loser's transaction fails on the unique email; once more finds the person. */
  private async recordWithRetry(input: SignCampaignInput, campaign: Campaign, clientIp: string): Promise<Signature> {
    try {
      return await this.record(input, campaign, clientIp);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      this.logger.warn(`Concurrent sign-up of one email for ${campaign.slug}; retrying`);
      return this.record(input, campaign, clientIp);
    }
  }

  private record(input: SignCampaignInput, campaign: Campaign, clientIp: string): Promise<Signature> {
    return this.dataSource.transaction(async (manager) => {
      const { person } = await this.people.findOrCreate(
        {
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName,
          consentText: input.consentText,
          consentSource: ConsentSource.PUBLIC_SIGNUP,
          ip: clientIp,
        },
        manager,
      );
      const existing = await manager.findOneBy(Signature, { campaignId: campaign.id, personId: person.id });
      if (existing) return existing;
      return manager.save(
        manager.create(Signature, {
          campaignId: campaign.id,
          personId: person.id,
          channel: SignatureChannel.PUBLIC,
          recruitedByOrganizationId: input.recruitedByOrganizationId ?? null,
          publicDisplay: input.publicDisplay,
          displayTitle: input.displayTitle ?? null,
          consentText: input.consentText,
        }),
      );
    });
  }

  confirmationUrl(signatureId: string): string {
    return `${this.config.PUBLIC_URL}/confirm/${signatureToken(signatureId, this.config.JWT_SECRET)}`;
  }

  /**
   * The public signature behind a confirmation link, or NOT_FOUND for a forged or stale token, and
   * for a signature recorded by staff (only a public sign-up is confirmed by its signer).
   */
  async pending(token: string): Promise<PendingConfirmation> {
    const id = verifySignatureToken(token, this.config.JWT_SECRET);
    const signature = id
      ? await this.dataSource.manager.findOneBy(Signature, { id, channel: SignatureChannel.PUBLIC })
      : null;
    const campaign = signature ? await this.dataSource.manager.findOneBy(Campaign, { id: signature.campaignId }) : null;
    if (!signature || !campaign) throw new NotFoundError('Confirmation link');
    return { signature, campaign };
  }

  /**
   * Confirms the signature and the signer's address (idempotent): a confirmed opt-in, logged as
   * a SUBSCRIBED consent event with the text the signer agreed to. A signature without that text
   * (erased) subscribes nobody.
   */
  async confirm(token: string, clientIp?: string): Promise<PendingConfirmation> {
    const pending = await this.pending(token);
    if (pending.signature.confirmedAt) return pending;
    await this.dataSource.transaction(async (manager) => {
      pending.signature.confirmedAt = new Date();
      await manager.save(pending.signature);
      if (!pending.signature.consentText) return;
      await this.people.confirmEmail(pending.signature.personId, manager, {
        textShown: pending.signature.consentText,
        ip: clientIp ?? null,
      });
    });
    return pending;
  }
}
