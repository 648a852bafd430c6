import { Args, Int, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, Allow, CurrentActor, GraphqlContext, requestLoader, Role } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { Membership } from './entities/membership.entity';
import { AddMembershipInput } from './dto/membership.inputs';
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

  @ResolveField(() => Organization)
  organization(membership: Membership, _args: unknown, context: GraphqlContext) {
    return loadOrganization(context, this.organizations, membership.organizationId);
  }
}

/** Organization.memberCount: people with a membership, batched per request. */
@Resolver(() => Organization)
export class OrganizationMemberCountResolver {
  constructor(private readonly memberships: MembershipsService) {}

  @ResolveField(() => Int)
  memberCount(organization: Organization, _args: unknown, context: GraphqlContext) {
    return requestLoader(
      context,
      'memberships.countByOrganization',
      () =>
        new DataLoader<string, number>(async (ids) => {
          const counts = await this.memberships.countByOrganizationIds(ids);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    ).load(organization.id);
  }
}
