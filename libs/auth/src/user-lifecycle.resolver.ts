import { Args, Context, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, ALL_ROLES, CurrentActor, GraphqlContext, Paginated, Public, Role } from '@chorus/core';
import { User } from './entities/user.entity';
import { AuthPayload } from './dto/auth.inputs';
import { UpdateUserInput, UsersArgs } from './dto/user.inputs';
import { UsersService } from './users.service';
import { PasswordResetService } from './password-reset.service';

@ObjectType()
export class UserConnection extends Paginated(User, 'User') {}

/** Users as coalition admins manage them, and each user's own password. */
@Resolver(() => User)
export class UserLifecycleResolver {
  constructor(
    private readonly service: UsersService,
    private readonly resets: PasswordResetService,
  ) {}

  @Allow(Role.COALITION_ADMIN)
  @Query(() => UserConnection, { description: 'COALITION_ADMIN only' })
  users(@Args() args: UsersArgs) {
    return this.service.list(args);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => User, { description: 'COALITION_ADMIN only: role, organization (required for ORG_STAFF), name' })
  updateUser(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ) {
    return this.service.update(actor, id, input);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => User, {
    description: 'COALITION_ADMIN only: the user can no longer sign in; their tokens stop working at once',
  })
  deactivateUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.deactivate(actor, id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => User, {
    description:
      'COALITION_ADMIN only: undoes deactivateUser; the user signs in again with their password (tokens from before stay void)',
  })
  reactivateUser(@Args('id', { type: () => ID }) id: string) {
    return this.service.reactivate(id);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => AuthPayload, {
    description: 'Your own password; every token issued before stops working, use the returned one',
  })
  changePassword(
    @CurrentActor() actor: Actor,
    @Args('oldPassword') oldPassword: string,
    @Args('newPassword') newPassword: string,
  ) {
    return this.service.changePassword(actor, oldPassword, newPassword);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'PUBLIC: always true (no account enumeration); mails a single-use link if the email is an active user',
  })
  requestPasswordReset(@Args('email') email: string, @Context() context: GraphqlContext) {
    return this.resets.request(email, context.req.ip ?? 'unknown');
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'PUBLIC: the token of the emailed link; works once, before it expires; signs out every session',
  })
  resetPassword(@Args('token') token: string, @Args('newPassword') newPassword: string) {
    return this.resets.reset(token, newPassword);
  }

  @ResolveField(() => Boolean, { description: 'false once deactivated' })
  active(@Parent() user: User) {
    return !user.deactivatedAt;
  }
}
