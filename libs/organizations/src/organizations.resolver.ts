import { Args, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, ALL_ROLES, CurrentActor, Paginated, Role } from '@chorus/core';
import { Organization } from './entities/organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './dto/organization.inputs';
import { OrganizationsService } from './organizations.service';

@ObjectType()
export class OrganizationConnection extends Paginated(Organization, 'Organization') {}

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(private readonly service: OrganizationsService) {}

  @Allow(...ALL_ROLES)
  @Query(() => OrganizationConnection)
  organizations(@Args() args: OrganizationsArgs) {
    return this.service.list(args);
  }

  @Allow(...ALL_ROLES)
  @Query(() => Organization, { nullable: true })
  organization(@Args('id', { type: () => ID }) id: string) {
    return this.service.find(id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => Organization)
  createOrganization(@Args('input') input: CreateOrganizationInput) {
    return this.service.create(input);
  }

  @Allow(Role.COALITION_ADMIN, Role.ORG_STAFF)
  @Mutation(() => Organization)
  updateOrganization(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOrganizationInput,
  ) {
    return this.service.update(actor, id, input);
  }
}
