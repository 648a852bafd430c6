import { Args, ID, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
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
  requestLoader,
  Role,
} from '@chorus/core';
import { Person } from './entities/person.entity';
import { Membership } from './entities/membership.entity';
import { CreatePersonInput, PeopleArgs, UpdatePersonInput } from './dto/person.inputs';
import { PeopleService } from './people.service';
import { MembershipsService } from './memberships.service';

@ObjectType()
export class PersonConnection extends Paginated(Person, 'Person') {}

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];

@Resolver(() => Person)
export class PeopleResolver {
  constructor(
    private readonly people: PeopleService,
    private readonly membershipsService: MembershipsService,
  ) {}

  @Allow(...STAFF)
  @Query(() => PersonConnection, { name: 'people' })
  listPeople(@CurrentActor() actor: Actor, @Args() args: PeopleArgs) {
    return this.people.list(actor, args);
  }

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
  async memberships(person: Person, _args: unknown, context: GraphqlContext) {
    const actor = optionalActorOf(context);
    const all = await requestLoader(
      context,
      'memberships.byPerson',
      () =>
        new DataLoader<string, Membership[]>(async (ids) =>
          groupByKey(ids, await this.membershipsService.byPersonIds(ids), (m) => m.personId),
        ),
    ).load(person.id);
    if (person.redacted) return [];
    return actor && isAdmin(actor)
      ? all
      : all.filter((m) => actor?.organizationId && m.organizationId === actor.organizationId);
  }
}
