import { Args, Context, ID, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import {
  Actor,
  Allow,
  byKey,
  CurrentActor,
  GraphqlContext,
  isAdmin,
  optionalActorOf,
  Paginated,
  Public,
  requestLoader,
  Role,
} from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { loadOrganization, PeopleService, Person, redactedPerson } from '@chorus/people';
import { Signature } from './entities/signature.entity';
import { Campaign } from './entities/campaign.entity';
import { PublicSignatoriesArgs, RecordSignatureInput, SignaturesArgs, SignCampaignInput } from './dto/campaign.inputs';
import { PublicSignatoryConnection } from './models/public-signatory.model';
import { SignaturesService } from './signatures.service';
import { PublicSigningService } from './public-signing.service';
import { PublicSignatoriesService } from './public-signatories.service';
import { CampaignsService } from './campaigns.service';
import { loadCampaign } from './campaign.loaders';

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];

@ObjectType()
export class SignatureConnection extends Paginated(Signature, 'Signature') {}

@Resolver(() => Signature)
export class SignaturesResolver {
  constructor(
    private readonly signaturesService: SignaturesService,
    private readonly publicSigning: PublicSigningService,
    private readonly publicSignatoriesService: PublicSignatoriesService,
    private readonly campaigns: CampaignsService,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Allow(...STAFF)
  @Query(() => SignatureConnection, {
    description: 'Signatures to verify and verified: all for admins, those their organization recruited for staff',
  })
  signatures(@CurrentActor() actor: Actor, @Args() args: SignaturesArgs) {
    return this.signaturesService.list(actor, args);
  }

  @Allow(...STAFF)
  @Mutation(() => Signature)
  recordSignature(@CurrentActor() actor: Actor, @Args('input') input: RecordSignatureInput) {
    return this.signaturesService.record(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Signature)
  verifySignature(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.signaturesService.verify(actor, id);
  }

  @Allow(...STAFF)
  @Mutation(() => Signature)
  rejectSignature(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.signaturesService.reject(actor, id);
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
  campaign(signature: Signature, _args: unknown, context: GraphqlContext) {
    return loadCampaign(context, this.campaigns, signature.campaignId);
  }

  /**
   * Staff get a stand-in (`redacted: true`, only the id) for a person outside their scope: a
   * public sign-up naming their union for another union's member shows them the signature, not
   * that union's person record.
   */
  @ResolveField(() => Person)
  async person(signature: Signature, _args: unknown, context: GraphqlContext) {
    const actor = optionalActorOf(context);
    const person = await requestLoader(
      context,
      'people.byId',
      () => new DataLoader<string, Person | null>(async (ids) => byKey(ids, await this.people.byIds(ids), (p) => p.id)),
    ).load(signature.personId);
    if (!person || !actor || isAdmin(actor)) return person;
    const visible = await requestLoader(
      context,
      'people.visible',
      () =>
        new DataLoader<string, boolean>(async (ids) => {
          const seen = await this.people.visibleIds(actor, ids);
          return ids.map((id) => seen.has(id));
        }),
    ).load(person.id);
    return visible ? person : redactedPerson(person.id);
  }

  @ResolveField(() => Organization, { nullable: true })
  recruitedBy(signature: Signature, _args: unknown, context: GraphqlContext) {
    return signature.recruitedByOrganizationId
      ? loadOrganization(
          context,
          this.organizations,
          signature.recruitedByOrganizationId,
          'organizations.byId.recruitedBy',
        )
      : null;
  }
}
