import { Injectable } from '@nestjs/common';
import { Actor, BadInputError, ForbiddenError, Role } from '@chorus/core';
import { CampaignsService } from '@chorus/campaigns';
import { OrganizationsService } from '@chorus/organizations';
import { PressContactsService } from '@chorus/press';
import type { Audience } from '../entities/mailing.entity';
import { selectsPeople, selectsPress } from './audience.query';

/** Who a mailing belongs to, as decided from its creator and audience. */
export interface AudienceOwner {
  ownerOrganizationId: string | null;
  pressOnly: boolean;
}

/**
 * The one place that decides whether an actor may mail an audience: ORG_STAFF only people of
 * their own organization, press officers only press lists, admins anything. Runs when the
 * mailing is created and again when it is sent; every id must exist.
 */
@Injectable()
export class AudiencePolicy {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
    private readonly press: PressContactsService,
  ) {}

  async check(actor: Actor, audience: Audience): Promise<AudienceOwner> {
    if (!selectsPeople(audience) && !selectsPress(audience)) {
      throw new BadInputError({ audience: 'must name a campaign, organizations, tags or press lists' });
    }
    if (audience.verifiedOnly && !audience.campaignId)
      throw new BadInputError({ 'audience.verifiedOnly': 'needs a campaignId' });
    if (actor.role === Role.ORG_STAFF) {
      if (selectsPress(audience)) throw new ForbiddenError('Organization staff cannot mail press lists');
      if (audience.organizationIds?.some((id) => id !== actor.organizationId))
        throw new ForbiddenError('Organization staff may only mail people of their own organization');
    }
    if (actor.role === Role.PRESS_OFFICER && selectsPeople(audience))
      throw new ForbiddenError('Press officers may only mail press lists');
    await this.assertExist(audience);
    return {
      ownerOrganizationId: actor.role === Role.ORG_STAFF ? actor.organizationId : null,
      pressOnly: !selectsPeople(audience),
    };
  }

  /** Each named id must exist, asked of its own area (one small lookup per kind of id named). */
  private async assertExist(audience: Audience): Promise<void> {
    const organizationIds = [...new Set(audience.organizationIds ?? [])];
    const pressListIds = [...new Set(audience.pressListIds ?? [])];
    const fields: Record<string, string> = {};
    if (audience.campaignId && (await this.campaigns.byIds([audience.campaignId])).length === 0)
      fields['audience.campaignId'] = 'is not an existing campaign';
    if (
      organizationIds.length > 0 &&
      (await this.organizations.byIds(organizationIds)).length !== organizationIds.length
    )
      fields['audience.organizationIds'] = 'names an organization that does not exist';
    if (pressListIds.length > 0 && (await this.press.listsByIds(pressListIds)).length !== pressListIds.length)
      fields['audience.pressListIds'] = 'names a press list that does not exist';
    if (Object.keys(fields).length > 0) throw new BadInputError(fields);
  }
}
