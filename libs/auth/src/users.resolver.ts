import { Args, Context, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  ALL_ROLES,
  byKey,
  CurrentActor,
  GraphqlContext,
  optionalActorOf,
  Public,
  requestLoader,
  Role,
} from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { User } from './entities/user.entity';
import { AuthPayload, CreateUserInput } from './dto/auth.inputs';
import { AuthService } from './auth.service';
import { activeUserOf } from './auth.guard';

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload)
  login(@Args('email') email: string, @Args('password') password: string, @Context() context: GraphqlContext) {
    return this.auth.login(email, password, context.req.ip ?? 'unknown');
  }

  @Allow(...ALL_ROLES)
  @Query(() => User)
  me(@CurrentActor() actor: Actor, @Context() context: GraphqlContext) {
    // The guard has just read this row (to check the token against it): no second query.
    return activeUserOf(context.req) ?? this.auth.get(actor.userId);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => User)
  createUser(@Args('input') input: CreateUserInput) {
    return this.auth.createUser(input);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => User, { description: 'Issues a new calendar feed URL; the old one stops working.' })
  rotateCalendarToken(@CurrentActor() actor: Actor) {
    return this.auth.rotateCalendarToken(actor.userId);
  }

  @ResolveField(() => Organization, { nullable: true })
  organization(user: User, _args: unknown, context: GraphqlContext) {
    if (!user.organizationId) return null;
    return requestLoader(
      context,
      'organizations.byId',
      () =>
        new DataLoader<string, Organization | null>(async (ids) =>
          byKey(ids, await this.organizations.byIds(ids), (o) => o.id),
        ),
    ).load(user.organizationId);
  }

  @ResolveField(() => String, { nullable: true, description: 'Only for yourself: ${PUBLIC_URL}/calendar/<token>.ics' })
  calendarFeedUrl(user: User, _args: unknown, context: GraphqlContext) {
    return optionalActorOf(context)?.userId === user.id ? this.auth.calendarFeedUrl(user) : null;
  }
}
