import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, Allow, CurrentActor, GraphqlContext, requestLoader, Role } from '@chorus/core';
import { DeliveryStatus, Mailing, MailingStats } from './entities/mailing.entity';
import { CreateMailingInput, DeliveryStatusArgs } from './dto/mailing.inputs';
import { MailingsService } from './mailings.service';
import { DeliveriesQueries } from './deliveries.queries';

const MAILERS = [Role.COALITION_ADMIN, Role.ORG_STAFF, Role.PRESS_OFFICER];

@Resolver(() => Mailing)
export class MailingsResolver {
  constructor(
    private readonly service: MailingsService,
    private readonly deliveries: DeliveriesQueries,
  ) {}

  @Allow(...MAILERS)
  @Query(() => Mailing, { nullable: true })
  mailing(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.find(actor, id);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing)
  createMailing(@CurrentActor() actor: Actor, @Args('input') input: CreateMailingInput) {
    return this.service.create(actor, input);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing, {
    description:
      'Sends now (`at` omitted) or schedules for `at`. An `at` more than a minute in the past is BAD_USER_INPUT on `at` (up to a minute back, clock skew, it means now).',
  })
  sendMailing(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('at', { type: () => Date, nullable: true }) at?: Date | null,
  ) {
    return this.service.send(actor, id, at);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing)
  pauseMailing(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.pause(actor, id);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing)
  resumeMailing(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.resume(actor, id);
  }

  @Allow(...MAILERS)
  @Mutation(() => Mailing)
  cancelMailing(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.cancel(actor, id);
  }

  /** Live: counted from the deliveries on every read, batched per request. */
  @ResolveField(() => MailingStats)
  async stats(@Parent() mailing: Mailing, @Context() context: GraphqlContext): Promise<MailingStats> {
    const loader = requestLoader(
      context,
      'mailing.stats',
      () =>
        new DataLoader<string, MailingStats>(async (ids) => {
          const stats = await this.deliveries.stats(ids);
          return ids.map((id) => stats.get(id)!);
        }),
    );
    return loader.load(mailing.id);
  }

  /** What happened to one recipient of this mailing (support: "did my email go out?"). */
  @ResolveField(() => DeliveryStatus, { nullable: true })
  deliveryStatus(@Parent() mailing: Mailing, @Args() args: DeliveryStatusArgs): Promise<DeliveryStatus | null> {
    return this.deliveries.statusOf(mailing.id, args.email);
  }
}
