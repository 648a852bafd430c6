import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, Allow, byKey, CurrentActor, GraphqlContext, groupByKey, requestLoader, Role } from '@chorus/core';
import { Outlet } from './entities/outlet.entity';
import { PressContact } from './entities/press-contact.entity';
import { PressList } from './entities/press-list.entity';
import { CreatePressContactInput, CreatePressListArgs } from './dto/press.inputs';
import { PressContactsService } from './press-contacts.service';

export const PRESS_DESK = [Role.COALITION_ADMIN, Role.PRESS_OFFICER];

@Resolver(() => PressContact)
export class PressContactsResolver {
  constructor(private readonly service: PressContactsService) {}

  @Allow(...PRESS_DESK)
  @Query(() => [PressContact])
  pressContacts() {
    return this.service.listContacts();
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressContact)
  createPressContact(@Args('input') input: CreatePressContactInput) {
    return this.service.createContact(input);
  }

  @ResolveField(() => Outlet, { nullable: true })
  outlet(@Parent() contact: PressContact, @Context() context: GraphqlContext) {
    if (!contact.outletId) return null;
    return requestLoader(context, 'press.outletById', () => new DataLoader<string, Outlet | null>(async (ids) => byKey(ids, await this.service.outletsByIds(ids), (o) => o.id))).load(contact.outletId);
  }
}

@Resolver(() => PressList)
export class PressListsResolver {
  constructor(private readonly service: PressContactsService) {}

  @Allow(...PRESS_DESK)
  @Query(() => [PressList])
  pressLists() {
    return this.service.listLists();
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressList)
  createPressList(@CurrentActor() actor: Actor, @Args() args: CreatePressListArgs) {
    return this.service.createList(args, actor.userId);
  }

  @ResolveField(() => [PressContact])
  contacts(@Parent() list: PressList, @Context() context: GraphqlContext) {
    return requestLoader(context, 'press.contactsOfList', () =>
      new DataLoader<string, PressContact[]>(async (ids) => groupByKey(ids, await this.service.contactsOfLists(ids), (r) => r.listId).map((rows) => rows.map((r) => r.contact))),
    ).load(list.id);
  }
}
