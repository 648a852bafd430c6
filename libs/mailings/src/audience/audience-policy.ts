import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, BadInputError, ForbiddenError, Role } from '@chorus/core';
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(actor: Actor, audience: Audience, manager: EntityManager = this.db.manager): Promise<AudienceOwner> {
    if (!selectsPeople(audience) && !selectsPress(audience)) {
      throw new BadInputError({ audience: 'must name a campaign, organizations, tags or press lists' });
    }
    if (audience.verifiedOnly && !audience.campaignId) throw new BadInputError({ 'audience.verifiedOnly': 'needs a campaignId' });
    if (actor.role === Role.ORG_STAFF) {
      if (selectsPress(audience)) throw new ForbiddenError('Organization staff cannot mail press lists');
      if (audience.organizationIds?.some((id) => id !== actor.organizationId)) throw new ForbiddenError('Organization staff may only mail people of their own organization');
    }
    if (actor.role === Role.PRESS_OFFICER && selectsPeople(audience)) throw new ForbiddenError('Press officers may only mail press lists');
    await this.assertExist(manager, audience);
    return { ownerOrganizationId: actor.role === Role.ORG_STAFF ? actor.organizationId : null, pressOnly: !selectsPeople(audience) };
  }

  private async assertExist(manager: EntityManager, audience: Audience): Promise<void> {
    const [row] = await manager.query(
      `SELECT
         ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM campaigns WHERE id = $1)) AS campaign,
         (SELECT count(*) FROM organizations WHERE id = ANY($2::uuid[]))::int AS organizations,
         (SELECT count(*) FROM press_lists WHERE id = ANY($3::uuid[]))::int AS lists`,
      [audience.campaignId ?? null, audience.organizationIds ?? [], audience.pressListIds ?? []],
    );
    const fields: Record<string, string> = {};
    if (!row.campaign) fields['audience.campaignId'] = 'is not an existing campaign';
    if (row.organizations !== new Set(audience.organizationIds ?? []).size) fields['audience.organizationIds'] = 'names an organization that does not exist';
    if (row.lists !== new Set(audience.pressListIds ?? []).size) fields['audience.pressListIds'] = 'names a press list that does not exist';
    if (Object.keys(fields).length > 0) throw new BadInputError(fields);
  }
}
