import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor,
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  paginate,
} from '@chorus/core';
import { isUuid, OrganizationsService } from '@chorus/organizations';
import { PeopleService } from '@chorus/people';
import { Signature, SignatureChannel, SignatureVerification } from './entities/signature.entity';
import { CampaignStatus } from './entities/campaign.entity';
import { RecordSignatureInput, SignaturesArgs } from './dto/campaign.inputs';
import { CampaignsService } from './campaigns.service';
import { CommitmentsService } from './commitments.service';
import { isCountableSignature } from './sql/signature-fragments';

export const alreadySigned = () =>
  new ConflictError('This person has already signed this campaign', { personId: 'has already signed this campaign' });

/**
 * Signatures recorded by staff and their verification. Staff act for their own organization:
 * they record signatures it recruited and verify or reject those; a signature they cannot see
 * is NOT_FOUND, one they can see but did not recruit is FORBIDDEN.
 */
@Injectable()
export class SignaturesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
    private readonly commitments: CommitmentsService,
  ) {}

  async record(actor: Actor, input: RecordSignatureInput): Promise<Signature> {
    const recruitedBy = input.recruitedByOrganizationId ?? (isAdmin(actor) ? null : actor.organizationId);
    if (!isAdmin(actor) && recruitedBy !== actor.organizationId)
      throw new ForbiddenError('Staff record signatures recruited by their own organization');
    if (recruitedBy && !(await this.organizations.find(recruitedBy)))
      throw new NotFoundError('Organization', recruitedBy);
    const campaign = await this.campaigns.get(input.campaignId);
    if (campaign.status !== CampaignStatus.ACTIVE)
      throw new ConflictError(`Campaign ${campaign.slug} is ${campaign.status}, not open for signatures`, {
        campaignId: `is ${campaign.status}`,
      });
    await this.people.get(actor, input.personId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(Signature, { campaignId: campaign.id, personId: input.personId }))
          throw alreadySigned();
        return manager.save(
          manager.create(Signature, {
            campaignId: campaign.id,
            personId: input.personId,
            channel: SignatureChannel.STAFF,
            recruitedByOrganizationId: recruitedBy,
            publicDisplay: input.publicDisplay,
            displayTitle: input.displayTitle ?? null,
          }),
        );
      });
    } catch (error) {
      throw isUniqueViolation(error) ? alreadySigned() : error;
    }
  }

  verify(actor: Actor, id: string): Promise<Signature> {
    return this.decide(actor, id, SignatureVerification.VERIFIED);
  }

  reject(actor: Actor, id: string): Promise<Signature> {
    return this.decide(actor, id, SignatureVerification.REJECTED);
  }

  /** Sets the verification and moves the recruiter's recruitment commitments, in one transaction. */
  private async decide(actor: Actor, id: string, verification: SignatureVerification): Promise<Signature> {
    const visible = await this.getForActor(actor, id);
    if (!isAdmin(actor) && visible.recruitedByOrganizationId !== actor.organizationId)
      throw new ForbiddenError('Only staff of the recruiting organization may verify or reject this signature');
    return this.dataSource.transaction(async (manager) => {
      // The row as it is now, locked: of two decisions sent at once the second sees the first's
      // (the same one twice is a CONFLICT, not two successes and two audit events).
      const signature = await manager.findOneOrFail(Signature, {
        where: { id: visible.id },
        lock: { mode: 'pessimistic_write' },
      });
      return this.applyDecision(actor, signature, verification, manager);
    });
  }

  private async applyDecision(
    actor: Actor,
    signature: Signature,
    verification: SignatureVerification,
    manager: EntityManager,
  ): Promise<Signature> {
    if (signature.verification === verification)
      throw new InvalidTransitionError(
        'signature',
        verification === SignatureVerification.VERIFIED ? 'verify' : 'reject',
        signature.verification,
      );
    if (verification === SignatureVerification.VERIFIED && !isCountableSignature(signature)) {
      throw new ConflictError('The signer has not confirmed their email address yet', {
        id: 'is not confirmed by the signer',
      });
    }
    Object.assign(signature, { verification, verifiedAt: new Date(), verifiedByUserId: actor.userId });
    const saved = await manager.save(signature);
    if (signature.recruitedByOrganizationId)
      await this.commitments.refreshRecruitment(signature.recruitedByOrganizationId, signature.campaignId, manager);
    return saved;
  }

  /** A signature the actor may see: admins all; staff those their organization recruited or of people they see. */
  async getForActor(actor: Actor, id: string): Promise<Signature> {
    const signature = isUuid(id) ? await this.dataSource.manager.findOneBy(Signature, { id }) : null;
    const visible =
      signature &&
      (isAdmin(actor) ||
        signature.recruitedByOrganizationId === actor.organizationId ||
        (await this.people.isVisible(actor, signature.personId)));
    if (!signature || !visible) throw new NotFoundError('Signature', id);
    return signature;
  }

  /**
   * The verification queue and history: admins see every signature, staff those their
   * organization recruited. Oldest first.
   */
  list(actor: Actor, args: SignaturesArgs) {
    const query = this.dataSource.manager.createQueryBuilder(Signature, 's');
    if (!isAdmin(actor))
      query.andWhere('s.recruited_by_organization_id = :recruiter', { recruiter: actor.organizationId });
    if (args.campaignId) query.andWhere('s.campaign_id = :campaignId', { campaignId: args.campaignId });
    if (args.verification) query.andWhere('s.verification = :verification', { verification: args.verification });
    if (args.recruitedByOrganizationId) {
      if (!isAdmin(actor) && args.recruitedByOrganizationId !== actor.organizationId)
        throw new ForbiddenError('Staff see only the signatures their organization recruited');
      query.andWhere('s.recruited_by_organization_id = :byOrg', { byOrg: args.recruitedByOrganizationId });
    }
    return paginate(query, [{ expression: 's.id' }], args);
  }

  byPersonIds(personIds: readonly string[]): Promise<Signature[]> {
    const valid = personIds.filter(isUuid);
    return valid.length
      ? this.dataSource.manager.find(Signature, {
          where: { personId: In(valid) },
          order: { signedAt: 'ASC', id: 'ASC' },
        })
      : Promise.resolve([]);
  }
}
