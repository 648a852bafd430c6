import { Args, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, Paginated, Role } from '@chorus/core';
import { Mailing } from './entities/mailing.entity';
import { MailingsArgs, UpdateMailingInput } from './dto/mailing-list.inputs';
import { MailingDraftsService } from './mailing-drafts.service';

const MAILERS = [Role.COALITION_ADMIN, Role.ORG_STAFF, Role.PRESS_OFFICER];

@ObjectType()
export class MailingConnection extends Paginated(Mailing, 'Mailing') {}

/** Listing mailings and editing or deleting drafts (who may read a mailing may list it). */
@Resolver(() => Mailing)
export class MailingDraftsResolver {
  constructor(private readonly drafts: MailingDraftsService) {}

  @Allow(...MAILERS)
  @Query(() => MailingConnection, {
    description:
      'Mailings this user may read, oldest first: admins all, staff their organization’s, press officers press-only ones',
  })
  mailings(@CurrentActor() actor: Actor, @Args() args: MailingsArgs) {
    return this.drafts.list(actor, args);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing, { description: 'Edits a DRAFT mailing (CONFLICT once scheduled or sent)' })
  updateMailing(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateMailingInput,
  ) {
    return this.drafts.update(actor, id, input);
  }

  @Allow(...MAILERS)
  @Mutation(() => Boolean, { description: 'Deletes a DRAFT mailing (CONFLICT otherwise: cancel it instead)' })
  deleteMailing(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.drafts.delete(actor, id);
  }
}
