import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  ALL_ROLES,
  CurrentActor,
  GraphqlContext,
  groupByKey,
  PagePrefetchers,
  prefetchedOrLoad,
  requestLoader,
  Role,
} from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { loadOrganization } from '@chorus/people';
import { Commitment, CommitmentStatus } from './entities/commitment.entity';
import { Campaign } from './entities/campaign.entity';
import { CommitmentProgressUpdate } from './entities/commitment-progress-update.entity';
import {
  CommitmentsArgs,
  CreateCommitmentInput,
  UpdateCommitmentInput,
  UpdateCommitmentProgressArgs,
} from './dto/commitment.inputs';
import { CoalitionDashboard } from './models/dashboard.model';
import { CommitmentsService } from './commitments.service';
import { CampaignsService } from './campaigns.service';
import { DashboardService } from './dashboard.service';
import { isAtRisk, statusAsOf } from './commitment-pace';
import { loadCampaign } from './campaign.loaders';

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];

@Resolver(() => Commitment)
export class CommitmentsResolver {
  constructor(
    private readonly commitmentsService: CommitmentsService,
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
    private readonly dashboard: DashboardService,
  ) {}

  @Allow(...ALL_ROLES)
  @Query(() => [Commitment])
  commitments(@Args() args: CommitmentsArgs) {
    return this.commitmentsService.list(args);
  }

  @Allow(...STAFF)
  @Mutation(() => Commitment)
  createCommitment(@CurrentActor() actor: Actor, @Args('input') input: CreateCommitmentInput) {
    return this.commitmentsService.create(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Commitment, { description: 'Manual progress of a non-recruitment commitment, kept as a log' })
  updateCommitmentProgress(@CurrentActor() actor: Actor, @Args() args: UpdateCommitmentProgressArgs) {
    return this.commitmentsService.updateProgress(actor, args);
  }

  @Allow(...STAFF)
  @Mutation(() => Commitment, {
    description: 'Description, target, due date (CONFLICT once WITHDRAWN); the status follows the target',
  })
  updateCommitment(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCommitmentInput,
  ) {
    return this.commitmentsService.update(actor, id, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Commitment)
  withdrawCommitment(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.commitmentsService.withdraw(actor, id);
  }

  @Allow(...STAFF)
  @Mutation(() => Commitment, {
    description: 'Declares a commitment without a target MET (one with a target is met by its progress: CONFLICT)',
  })
  markCommitmentMet(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.commitmentsService.markMet(actor, id);
  }

  @Allow(Role.COALITION_ADMIN)
  @Query(() => CoalitionDashboard)
  coalitionDashboard() {
    return this.dashboard.coalition();
  }

  @ResolveField(() => Organization)
  organization(commitment: Commitment, _args: unknown, context: GraphqlContext) {
    return loadOrganization(context, this.organizations, commitment.organizationId);
  }

  @ResolveField(() => Campaign, { nullable: true })
  campaign(commitment: Commitment, _args: unknown, context: GraphqlContext) {
    return commitment.campaignId ? loadCampaign(context, this.campaigns, commitment.campaignId) : null;
  }

  @ResolveField(() => CommitmentStatus, { description: 'MISSED once dueAt passed with the target unmet' })
  status(commitment: Commitment) {
    return statusAsOf(commitment);
  }

  @ResolveField(() => Boolean, {
    description: 'The pace since the commitment was made will not reach the target by dueAt, or dueAt passed unmet',
  })
  atRisk(commitment: Commitment) {
    return isAtRisk(commitment);
  }

  @ResolveField(() => [CommitmentProgressUpdate], { description: 'Manual progress updates, oldest first' })
  progressUpdates(commitment: Commitment, _args: unknown, context: GraphqlContext) {
    return requestLoader(
      context,
      'commitments.progressUpdates',
      () =>
        new DataLoader<string, CommitmentProgressUpdate[]>(async (ids) =>
          groupByKey(ids, await this.commitmentsService.progressUpdatesByCommitmentIds(ids), (u) => u.commitmentId),
        ),
    ).load(commitment.id);
  }
}

const COMMITMENTS_BY_ORGANIZATION = 'commitments.byOrganization';

/** Organization.commitments, batched per request (or prefetched for a page). */
@Resolver(() => Organization)
export class OrganizationCommitmentsResolver {
  constructor(
    private readonly commitmentsService: CommitmentsService,
    prefetchers: PagePrefetchers,
  ) {
    prefetchers.register({
      type: 'Organization',
      field: 'commitments',
      key: COMMITMENTS_BY_ORGANIZATION,
      create: this.commitmentsLoader,
    });
  }

  @ResolveField(() => [Commitment])
  commitments(
    organization: Organization,
    _args: unknown,
    context: GraphqlContext,
  ): Commitment[] | Promise<Commitment[]> {
    return prefetchedOrLoad(context, COMMITMENTS_BY_ORGANIZATION, organization.id, this.commitmentsLoader);
  }

  private readonly commitmentsLoader = () =>
    new DataLoader<string, Commitment[]>(async (ids) =>
      groupByKey(ids, await this.commitmentsService.byOrganizationIds(ids), (c) => c.organizationId),
    );
}
