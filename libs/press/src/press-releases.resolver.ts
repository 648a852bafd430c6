import { Args, Context, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  ALL_ROLES,
  CurrentActor,
  GraphqlContext,
  groupByKey,
  Paginated,
  Public,
  requestLoader,
  Role,
} from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { Campaign, CampaignsService, loadCampaign } from '@chorus/campaigns';
import { PressRelease } from './entities/press-release.entity';
import { PressList } from './entities/press-list.entity';
import { PublicPressRelease } from './models/public-press-release.model';
import {
  CreatePressReleaseInput,
  PressReleasesArgs,
  SchedulePressReleaseArgs,
  UpdatePressReleaseInput,
} from './dto/press.inputs';
import { PressReleasesService } from './press-releases.service';
import { PressContactsService } from './press-contacts.service';
import { PRESS_DESK } from './press-contacts.resolver';
const idArg = () => Args('id', { type: () => ID });

@ObjectType()
export class PressReleaseConnection extends Paginated(PressRelease, 'PressRelease') {}

@Resolver(() => PressRelease)
export class PressReleasesResolver {
  constructor(
    private readonly releases: PressReleasesService,
    private readonly contacts: PressContactsService,
    private readonly orgs: OrganizationsService,
    private readonly campaigns: CampaignsService,
  ) {}

  /** Union staff may ask too, but see only published releases (the service decides). */
  @Allow(...ALL_ROLES)
  @Query(() => PressRelease, { nullable: true })
  pressRelease(@CurrentActor() actor: Actor, @idArg() id: string) {
    return this.releases.find(actor, id);
  }

  /** Who may read a release may list it: union staff get the published ones. */
  @Allow(...ALL_ROLES)
  @Query(() => PressReleaseConnection, { description: 'Releases this user may read, oldest first, with filters' })
  pressReleases(@CurrentActor() actor: Actor, @Args() args: PressReleasesArgs) {
    return this.releases.list(actor, args);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => Boolean, { description: 'Deletes a DRAFT release (CONFLICT in any other state: cancel it instead)' })
  deletePressRelease(@CurrentActor() actor: Actor, @idArg() id: string) {
    return this.releases.delete(actor, id);
  }

  @Public()
  @Query(() => [PublicPressRelease])
  async publishedPressReleases(): Promise<PublicPressRelease[]> {
    return (await this.releases.listPublished()).map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      publishedAt: r.publishedAt!,
    }));
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressRelease)
  createPressRelease(@CurrentActor() actor: Actor, @Args('input') input: CreatePressReleaseInput) {
    return this.releases.create(actor, input);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressRelease)
  updatePressRelease(@CurrentActor() actor: Actor, @idArg() id: string, @Args('input') input: UpdatePressReleaseInput) {
    return this.releases.update(actor, id, input);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressRelease)
  submitPressRelease(@CurrentActor() actor: Actor, @idArg() id: string) {
    return this.releases.submit(actor, id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => PressRelease)
  approvePressRelease(@CurrentActor() actor: Actor, @idArg() id: string) {
    return this.releases.approve(actor, id);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressRelease)
  schedulePressRelease(@CurrentActor() actor: Actor, @Args() args: SchedulePressReleaseArgs) {
    return this.releases.schedule(actor, args.id, args.embargoUntil);
  }

  @Allow(...PRESS_DESK)
  @Mutation(() => PressRelease)
  cancelPressRelease(@CurrentActor() actor: Actor, @idArg() id: string) {
    return this.releases.cancel(actor, id);
  }

  @ResolveField(() => Campaign, { nullable: true })
  campaign(@Parent() release: PressRelease, @Context() context: GraphqlContext) {
    if (!release.campaignId) return null;
    return loadCampaign(context, this.campaigns, release.campaignId);
  }

  @ResolveField(() => [Organization])
  organizations(@Parent() release: PressRelease, @Context() context: GraphqlContext) {
    return requestLoader(
      context,
      'press.organizationsOfRelease',
      () =>
        new DataLoader<string, Organization[]>(async (ids) => {
          const links = await this.releases.organizationIdsOf(ids);
          const orgs = new Map(
            (await this.orgs.byIds([...new Set(links.map((l) => l.organizationId))])).map((o) => [o.id, o]),
          );
          return groupByKey(ids, links, (l) => l.releaseId).map((rows) =>
            rows
              .map((l) => orgs.get(l.organizationId)!)
              .filter(Boolean)
              .sort((a, b) => a.name.localeCompare(b.name)),
          );
        }),
    ).load(release.id);
  }

  @ResolveField(() => [PressList])
  pressLists(@Parent() release: PressRelease, @Context() context: GraphqlContext, @CurrentActor() actor: Actor) {
    // The distribution lists (journalists' addresses) are the press desk's business only.
    if (!PRESS_DESK.includes(actor.role)) return [];
    return requestLoader(
      context,
      'press.listsOfRelease',
      () =>
        new DataLoader<string, PressList[]>(async (ids) => {
          const links = await this.releases.listIdsOf(ids);
          const lists = new Map(
            (await this.contacts.listsByIds([...new Set(links.map((l) => l.listId))])).map((l) => [l.id, l]),
          );
          return groupByKey(ids, links, (l) => l.releaseId).map((rows) =>
            rows.map((l) => lists.get(l.listId)!).filter(Boolean),
          );
        }),
    ).load(release.id);
  }
}
