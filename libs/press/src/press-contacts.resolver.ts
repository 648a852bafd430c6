import { Args, Context, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  byKey,
  CurrentActor,
  GraphqlContext,
  groupByKey,
  Paginated,
  requestLoader,
  Role,
} from '@chorus/core';
import { Outlet } from './entities/outlet.entity';
import { PressContact } from './entities/press-contact.entity';
import { PressList } from './entities/press-list.entity';
import {
  CreatePressContactInput,
  CreatePressListArgs,
  OutletsArgs,
  UpdatePressContactInput,
  UpdatePressListInput,
} from './dto/press.inputs';
import { PressContactsService } from './press-contacts.service';

export const PRESS_DESK = [Role.COALITION_ADMIN, Role.PRESS_OFFICER];
const idArg = () => Args('id', { type: () => ID });

@ObjectType()
export class OutletConnection extends Paginated(Outlet, 'Outlet') {}

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

  @Allow(...PRESS_DESK)
  @Mutation(() => PressContact, { description: 'Fields left out stay; outletName null removes the outlet' })
  updatePressContact(@idArg() id: string, @Args('input') input: UpdatePressContactInput) {
    return this.service.updateContact(id, input);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => Boolean, {
    description: 'Removes the contact from every list and anonymizes it; sent releases keep an anonymous record',
  })
  deletePressContact(@idArg() id: string) {
    return this.service.deleteContact(id);
  }

  @Allow(...PRESS_DESK)
  @Query(() => OutletConnection, { description: 'Outlets by name' })
  outlets(@Args() args: OutletsArgs) {
    return this.service.listOutlets(args);
  }

  @ResolveField(() => Outlet, { nullable: true })
  outlet(@Parent() contact: PressContact, @Context() context: GraphqlContext) {
    if (!contact.outletId) return null;
    return requestLoader(
      context,
      'press.outletById',
      () =>
        new DataLoader<string, Outlet | null>(async (ids) =>
          byKey(ids, await this.service.outletsByIds(ids), (o) => o.id),
        ),
    ).load(contact.outletId);
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

  @Allow(...PRESS_DESK)
  @Mutation(() => PressList, { description: 'Renames the list and adds or removes contacts' })
  updatePressList(@idArg() id: string, @Args('input') input: UpdatePressListInput) {
    return this.service.updateList(id, input);
  }

  @ResolveField(() => [PressContact])
  contacts(@Parent() list: PressList, @Context() context: GraphqlContext) {
    return requestLoader(
      context,
      'press.contactsOfList',
      () =>
        new DataLoader<string, PressContact[]>(async (ids) =>
          groupByKey(ids, await this.service.contactsOfLists(ids), (r) => r.listId).map((rows) =>
            rows.map((r) => r.contact),
          ),
        ),
    ).load(list.id);
  }
}
