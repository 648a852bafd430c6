import { Args, Context, ID, Info, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  CurrentActor,
  GraphqlContext,
  groupByKey,
  isAdmin,
  optionalActorOf,
  Paginated,
  loadAhead,
  prefetchedOrLoad,
  Role,
  selectionAt,
} from '@chorus/core';
import { OrganizationsService } from '@chorus/organizations';
import { Person } from './entities/person.entity';
import { Membership } from './entities/membership.entity';
import { CreatePersonInput, PeopleArgs, UpdatePersonInput } from './dto/person.inputs';
import { PeopleService } from './people.service';
import { MembershipsService } from './memberships.service';
import { loadOrganizationsAhead } from './organization.loader';

@ObjectType()
export class PersonConnection extends Paginated(Person, 'Person') {}

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];
const MEMBERSHIPS_BY_PERSON = 'memberships.byPerson';

@Resolver(() => Person)
export class PeopleResolver {
  constructor(
    private readonly people: PeopleService,
    private readonly membershipsService: MembershipsService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Allow(...STAFF)
  @Query(() => PersonConnection, { name: 'people' })
  async listPeople(
    @CurrentActor() actor: Actor,
    @Args() args: PeopleArgs,
    @Context() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const page = await this.people.list(actor, args, selectionAt(info, ['edges', 'node']));
    const memberships = selectionAt(info, ['edges', 'node', 'memberships']);
    if (memberships) await this.loadMembershipsAhead(context, page.edges, memberships.has('organization'));
    return page;
  }

  /** The page's memberships (and their organizations) loaded ahead, each through its field's loader. */
  private async loadMembershipsAhead(context: GraphqlContext, edges: { node: Person }[], withOrganizations: boolean) {
    const lists = await loadAhead(
      context,
      MEMBERSHIPS_BY_PERSON,
      edges.map((edge) => edge.node.id),
      this.membershipsLoader,
    );
    if (withOrganizations)
      await loadOrganizationsAhead(
        context,
        this.organizations,
        lists.flat().map((m) => m.organizationId),
      );
  }

  private readonly membershipsLoader = () =>
    new DataLoader<string, Membership[]>(async (ids) =>
      groupByKey(ids, await this.membershipsService.byPersonIds(ids), (m) => m.personId),
    );

  @Allow(...STAFF)
  @Query(() => Person, {
    nullable: true,
    description: 'NOT_FOUND when the person does not exist or is out of your scope',
  })
  person(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.people.get(actor, id);
  }

  @Allow(...STAFF)
  @Mutation(() => Person)
  createPerson(@CurrentActor() actor: Actor, @Args('input') input: CreatePersonInput) {
    return this.people.create(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Person)
  updatePerson(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdatePersonInput,
  ) {
    return this.people.update(actor, id, input);
  }

  @ResolveField(() => Boolean, {
    description:
      'True for a stand-in of a person outside your scope (seen through a signature your organization recruited): only the id is real',
  })
  redacted(person: Person): boolean {
    return person.redacted === true;
  }

  /**
   * Staff see only their own organization's memberships: another union's roll is its private data.
   * Field resolvers take graphql-js's plain (parent, args, context) (see `actorOf`).
   */
  @ResolveField(() => [Membership])
  memberships(person: Person, _args: unknown, context: GraphqlContext): Membership[] | Promise<Membership[]> {
    const actor = optionalActorOf(context);
    const visible = (all: Membership[]) => {
      if (person.redacted) return [];
      return actor && isAdmin(actor)
        ? all
        : all.filter((m) => actor?.organizationId && m.organizationId === actor.organizationId);
    };
    const all = prefetchedOrLoad(context, MEMBERSHIPS_BY_PERSON, person.id, this.membershipsLoader);
    return all instanceof Promise ? all.then(visible) : visible(all);
  }
}
