import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { GraphqlContext, Public } from '@chorus/core';
import { CampaignReservationInput } from './dto/public-reservation.inputs';
import { PublicReservationService } from './public-reservation.service';

@Resolver()
export class PublicReservationResolver {
  constructor(private readonly service: PublicReservationService) {}

  @Public()
  @Mutation(() => Boolean, {
    description:
      'PUBLIC: a campaign signer asks to reserve all their works against AI training; always true for a valid input; mails a confirmation link',
  })
  requestTdmReservation(@Args('input') input: CampaignReservationInput, @Context() context: GraphqlContext) {
    return this.service.request(input, context.req.ip ?? 'unknown');
  }
}
