import { Args, Context, ID, Info, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Actor,
  Allow,
  ALL_ROLES,
  CurrentActor,
  GraphqlContext,
  PagePrefetchers,
  Paginated,
  Role,
  selectionAt,
} from '@chorus/core';
import { Organization } from './entities/organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './dto/organization.inputs';
import { OrganizationsService } from './organizations.service';

@ObjectType()
export class OrganizationConnection extends Paginated(Organization, 'Organization') {}

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(
    private readonly service: OrganizationsService,
    private readonly prefetchers: PagePrefetchers,
  ) {}

  @Allow(...ALL_ROLES)
  @Query(() => OrganizationConnection)
  async organizations(
    @Args() args: OrganizationsArgs,
    @Context() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const fields = selectionAt(info, ['edges', 'node']);
    const page = await this.service.list(args, fields, this.prefetchers.fieldsFromId('Organization'));
    // Other areas' fields of the page (member counts, commitments), loaded ahead when selected.
    await this.prefetchers.forPage(
      'Organization',
      context,
      fields,
      page.edges.map((edge) => edge.node.id),
    );
    return page;
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
