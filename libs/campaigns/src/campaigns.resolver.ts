import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  Allow,
  ALL_ROLES,
  ConnectionArgs,
  GraphqlContext,
  groupByKey,
  Paginated,
  requestLoader,
  Role,
} from '@chorus/core';
import { DailyCount } from './models/daily-count.model';
import { Campaign } from './entities/campaign.entity';
import { CreateCampaignInput, UpdateCampaignInput } from './dto/campaign.inputs';
import { CampaignsService } from './campaigns.service';
import { loadSignatureCounts } from './campaign.loaders';

@ObjectType()
export class CampaignConnection extends Paginated(Campaign, 'Campaign') {}

@ArgsType()
class SignaturesPerDayArgs {
  @Field(() => Int, { nullable: true, defaultValue: 30 }) @IsOptional() @IsInt() @Min(1) @Max(366) days?: number;
}

@Resolver(() => Campaign)
export class CampaignsResolver {
  constructor(private readonly campaigns: CampaignsService) {}

  @Allow(...ALL_ROLES)
  @Query(() => CampaignConnection, { name: 'campaigns' })
  listCampaigns(@Args() args: ConnectionArgs) {
    return this.campaigns.list(args);
  }

  @Allow(...ALL_ROLES)
  @Query(() => Campaign, { nullable: true })
  campaign(@Args('id', { type: () => ID }) id: string) {
    return this.campaigns.find(id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => Campaign)
  createCampaign(@Args('input') input: CreateCampaignInput) {
    return this.campaigns.create(input);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => Campaign)
  activateCampaign(@Args('id', { type: () => ID }) id: string) {
    return this.campaigns.activate(id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => Campaign, { description: 'Title, statement, signature goal (CONFLICT once CLOSED)' })
  updateCampaign(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateCampaignInput) {
    return this.campaigns.update(id, input);
  }

  @Allow(Role.COALITION_ADMIN)
  @Mutation(() => Campaign, { description: 'ACTIVE → CLOSED: no more signatures' })
  closeCampaign(@Args('id', { type: () => ID }) id: string) {
    return this.campaigns.close(id);
  }

  @ResolveField(() => Int, { description: 'All non-rejected signatures' })
  async signatureCount(@Parent() campaign: Campaign, @Context() context: GraphqlContext) {
    return (await loadSignatureCounts(context, this.campaigns, campaign.id)).all;
  }

  @ResolveField(() => [DailyCount], {
    description: 'Non-rejected signatures per UTC day over the last `days` days (days without signatures are left out)',
  })
  signaturesPerDay(
    @Parent() campaign: Campaign,
    @Args() args: SignaturesPerDayArgs,
    @Context() context: GraphqlContext,
  ) {
    const days = args.days ?? 30;
    return requestLoader(
      context,
      `campaigns.signaturesPerDay.${days}`,
      () =>
        new DataLoader<string, DailyCount[]>(async (ids) =>
          groupByKey(ids, await this.campaigns.signaturesPerDay(ids, days), (r) => r.campaignId),
        ),
    ).load(campaign.id);
  }

  @ResolveField(() => Int)
  async verifiedSignatureCount(@Parent() campaign: Campaign, @Context() context: GraphqlContext) {
    return (await loadSignatureCounts(context, this.campaigns, campaign.id)).verified;
  }
}
