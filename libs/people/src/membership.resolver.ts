import { Args, Int, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, Allow, CurrentActor, GraphqlContext, PagePrefetchers, prefetchedOrLoad, Role } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { Membership } from './entities/membership.entity';
import { AddMembershipInput, MembershipKeyArgs, UpdateMembershipInput } from './dto/membership.inputs';
import { Person } from './entities/person.entity';
import { MembershipsService } from './memberships.service';
import { loadOrganization } from './organization.loader';

@Resolver(() => Membership)
export class MembershipResolver {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Mutation(() => Membership)
  addMembership(@CurrentActor() actor: Actor, @Args('input') input: AddMembershipInput) {
    return this.memberships.add(actor, input);
  }

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Mutation(() => Membership, {
    description: 'Changes the role or member number of the membership of personId in organizationId',
  })
  updateMembership(
    @CurrentActor() actor: Actor,
    @Args() key: MembershipKeyArgs,
    @Args('input') input: UpdateMembershipInput,
  ) {
    return this.memberships.update(actor, key, input);
  }

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Mutation(() => Person, {
    description:
      'Ends the membership of personId in organizationId; the person stays (a stand-in, redacted, when it was your only way to see them)',
  })
  removeMembership(@CurrentActor() actor: Actor, @Args() key: MembershipKeyArgs) {
    return this.memberships.remove(actor, key);
  }

  @ResolveField(() => Organization)
  organization(membership: Membership, _args: unknown, context: GraphqlContext) {
    return loadOrganization(context, this.organizations, membership.organizationId);
  }
}

const MEMBER_COUNT = 'memberships.countByOrganization';

/** Organization.memberCount: people with a membership, batched per request (or prefetched for a page). */
@Resolver(() => Organization)
export class OrganizationMemberCountResolver {
  constructor(
    private readonly memberships: MembershipsService,
    prefetchers: PagePrefetchers,
  ) {
    prefetchers.register({ type: 'Organization', field: 'memberCount', key: MEMBER_COUNT, create: this.counts });
  }

  @ResolveField(() => Int)
  memberCount(organization: Organization, _args: unknown, context: GraphqlContext): number | Promise<number> {
    return prefetchedOrLoad(context, MEMBER_COUNT, organization.id, this.counts);
  }

  private readonly counts = () =>
    new DataLoader<string, number>(async (ids) => {
      const counts = await this.memberships.countByOrganizationIds(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
}
