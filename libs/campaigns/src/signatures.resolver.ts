import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Actor, Allow, byKey, CurrentActor, GraphqlContext, Public, requestLoader, Role } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { loadOrganization, PeopleService, Person } from '@chorus/people';
import { Signature } from './entities/signature.entity';
import { Campaign } from './entities/campaign.entity';
import { PublicSignatoriesArgs, RecordSignatureInput, SignCampaignInput } from './dto/campaign.inputs';
import { PublicSignatoryConnection } from './models/public-signatory.model';
import { SignaturesService } from './signatures.service';
import { PublicSigningService } from './public-signing.service';
import { PublicSignatoriesService } from './public-signatories.service';
import { CampaignsService } from './campaigns.service';
import { loadCampaign } from './campaign.loaders';

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];

@Resolver(() => Signature)
export class SignaturesResolver {
  constructor(
    private readonly signatures: SignaturesService,
    private readonly publicSigning: PublicSigningService,
    private readonly publicSignatoriesService: PublicSignatoriesService,
    private readonly campaigns: CampaignsService,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Allow(...STAFF)
  @Mutation(() => Signature)
  recordSignature(@CurrentActor() actor: Actor, @Args('input') input: RecordSignatureInput) {
    return this.signatures.record(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Signature)
  verifySignature(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.signatures.verify(actor, id);
  }

  @Allow(...STAFF)
  @Mutation(() => Signature)
  rejectSignature(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.signatures.reject(actor, id);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'PUBLIC: always true for a valid input; mails a confirmation link' })
  signCampaign(@Args('input') input: SignCampaignInput, @Context() context: GraphqlContext) {
    return this.publicSigning.sign(input, context.req.ip ?? 'unknown');
  }

  @Public()
  @Query(() => PublicSignatoryConnection)
  publicSignatories(@Args() args: PublicSignatoriesArgs) {
    return this.publicSignatoriesService.list(args.slug, args);
  }

  @ResolveField(() => Campaign)
  campaign(@Parent() signature: Signature, @Context() context: GraphqlContext) {
    return loadCampaign(context, this.campaigns, signature.campaignId);
  }

  @ResolveField(() => Person)
  person(@Parent() signature: Signature, @Context() context: GraphqlContext) {
    return requestLoader(context, 'people.byId', () => new DataLoader<string, Person | null>(async (ids) => byKey(ids, await this.people.byIds(ids), (p) => p.id))).load(signature.personId);
  }

  @ResolveField(() => Organization, { nullable: true })
  recruitedBy(@Parent() signature: Signature, @Context() context: GraphqlContext) {
    return signature.recruitedByOrganizationId ? loadOrganization(context, this.organizations, signature.recruitedByOrganizationId, 'organizations.byId.recruitedBy') : null;
  }
}
