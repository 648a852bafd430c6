import { Args, Context, ID, Info, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  actorOf,
  Allow,
  ALL_ROLES,
  byKey,
  CurrentActor,
  GraphqlContext,
  isAdmin,
  Paginated,
  plainEntities,
  loadAhead,
  prefetchedOrLoad,
  requestLoader,
  Role,
  selectionAt,
} from '@chorus/core';
import { AuthService, User } from '@chorus/auth';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { PressContact, PressContactsService } from '@chorus/press';
import { loadOrganization, loadOrganizationsAhead, Person, PeopleService } from '@chorus/people';
import { OutreachTask } from './entities/outreach-task.entity';
import {
  CancelOutreachTaskArgs,
  CompleteOutreachTaskArgs,
  CreateOutreachTaskInput,
  OutreachTasksArgs,
  UpdateOutreachTaskInput,
} from './dto/outreach.inputs';
import { OutreachService } from './outreach.service';

const USER_BY_ID = 'outreach.userById';
const PERSON_BY_ID = 'outreach.personById';
/** Admins and union staff see people through tasks; press officers do not. */
const seesPeople = (actor: Actor) => isAdmin(actor) || actor.role === Role.ORG_STAFF;

@ObjectType()
export class OutreachTaskConnection extends Paginated(OutreachTask, 'OutreachTask') {}

@Resolver(() => OutreachTask)
export class OutreachResolver {
  constructor(
    private readonly service: OutreachService,
    private readonly auth: AuthService,
    private readonly orgs: OrganizationsService,
    private readonly contacts: PressContactsService,
    private readonly people: PeopleService,
  ) {}

  @Allow(...ALL_ROLES)
  @Query(() => OutreachTaskConnection)
  async outreachTasks(
    @CurrentActor() actor: Actor,
    @Args() args: OutreachTasksArgs,
    @Context() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const fields = selectionAt(info, ['edges', 'node']);
    const page = await this.service.list(actor, args, fields);
    await this.loadFieldsAhead(context, actor, page.edges, fields);
    return page;
  }

  /**
   * The page's assignees, people and organizations, when the query selects them, loaded ahead
   * through the loaders their field resolvers read (see `loadAhead`).
   */
  private async loadFieldsAhead(
    context: GraphqlContext,
    actor: Actor,
    edges: { node: OutreachTask }[],
    fields: Set<string> | null,
  ) {
    const tasks = edges.map((edge) => edge.node);
    await Promise.all([
      fields?.has('assignee') &&
        loadAhead(
          context,
          USER_BY_ID,
          tasks.map((t) => t.assigneeUserId),
          this.usersLoader,
        ),
      fields?.has('person') &&
        seesPeople(actor) &&
        loadAhead(
          context,
          PERSON_BY_ID,
          tasks.map((t) => t.personId),
          () => this.peopleLoader(actor),
        ),
      fields?.has('organization') &&
        loadOrganizationsAhead(
          context,
          this.orgs,
          tasks.map((t) => t.organizationId),
        ),
    ]);
  }

  private readonly usersLoader = () =>
    new DataLoader<string, User | null>(async (ids) => byKey(ids, await this.auth.byIds(ids), (u) => u.id));

  /** People by id as `actor` may see them: union staff only their organization's. */
  private peopleLoader(actor: Actor) {
    return new DataLoader<string, Person | null>(async (ids) => {
      const people = isAdmin(actor)
        ? await this.people.byIds(ids)
        : await plainEntities(this.people.query(actor).andWhereInIds([...ids]));
      return byKey(ids, people, (p) => p.id);
    });
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => OutreachTask)
  createOutreachTask(@CurrentActor() actor: Actor, @Args('input') input: CreateOutreachTaskInput) {
    return this.service.create(actor, input);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => OutreachTask)
  completeOutreachTask(@CurrentActor() actor: Actor, @Args() args: CompleteOutreachTaskArgs) {
    return this.service.complete(actor, args);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => OutreachTask, {
    description:
      'Reschedule (dueAt), reassign (assigneeId), retitle or retarget an open task; the reminder and the calendar feed follow',
  })
  updateOutreachTask(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOutreachTaskInput,
  ) {
    return this.service.update(actor, id, input);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => OutreachTask, {
    description: 'OPEN/IN_PROGRESS → CANCELLED (the reason, if given, is kept as the outcome)',
  })
  cancelOutreachTask(@CurrentActor() actor: Actor, @Args() args: CancelOutreachTaskArgs) {
    return this.service.cancel(actor, args.id, args.reason);
  }

  @Allow(...ALL_ROLES)
  @Mutation(() => Boolean)
  deleteOutreachTask(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.delete(actor, id);
  }

  @ResolveField(() => User, { nullable: true })
  // Field resolvers take graphql-js's plain (parent, args, context): see `actorOf`.
  assignee(task: OutreachTask, _args: unknown, context: GraphqlContext) {
    if (!task.assigneeUserId) return null;
    return prefetchedOrLoad(context, USER_BY_ID, task.assigneeUserId, this.usersLoader);
  }

  @ResolveField(() => Organization, { nullable: true })
  organization(task: OutreachTask, _args: unknown, context: GraphqlContext) {
    if (!task.organizationId) return null;
    return loadOrganization(context, this.orgs, task.organizationId);
  }

  /** Through the CRM's scope: union staff see only their organization's people; press officers none. */
  @ResolveField(() => Person, { nullable: true })
  person(task: OutreachTask, _args: unknown, context: GraphqlContext) {
    const actor = actorOf(context);
    if (!task.personId || !seesPeople(actor)) return null;
    return prefetchedOrLoad(context, PERSON_BY_ID, task.personId, () => this.peopleLoader(actor));
  }

  @ResolveField(() => PressContact, { nullable: true })
  pressContact(task: OutreachTask, _args: unknown, context: GraphqlContext) {
    const actor = actorOf(context);
    // Journalists' details are for the press desk only.
    if (!task.pressContactId || actor.role === Role.ORG_STAFF) return null;
    return requestLoader(
      context,
      'outreach.pressContactById',
      () =>
        new DataLoader<string, PressContact | null>(async (ids) =>
          byKey(ids, await this.contacts.contactsByIds(ids), (c) => c.id),
        ),
    ).load(task.pressContactId);
  }
}
