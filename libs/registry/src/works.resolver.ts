import { Args, Context, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, GraphqlContext, Paginated, Role } from '@chorus/core';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { loadOrganization } from '@chorus/people';
import { Work } from './entities/work.entity';
import { Reservation } from './entities/reservation.entity';
import { RegisterWorkInput, UpdateWorkInput, WorksArgs } from './dto/work.inputs';
import { ReservationsArgs, SetReservationInput } from './dto/reservation.inputs';
import { WorksService } from './works.service';
import { ReservationsService } from './reservations.service';

@ObjectType()
export class WorkConnection extends Paginated(Work, 'Work') {}

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];

/** Works and TDM reservations of the registry: staff of the managing organization and admins. */
@Resolver(() => Work)
export class WorksResolver {
  constructor(
    private readonly service: WorksService,
    private readonly reservations: ReservationsService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Allow(...STAFF)
  @Query(() => WorkConnection)
  works(@CurrentActor() actor: Actor, @Args() args: WorksArgs) {
    return this.service.list(actor, args);
  }

  @Allow(...STAFF)
  @Query(() => Work)
  work(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.get(actor, id);
  }

  @Allow(...STAFF)
  @Query(() => [Reservation], { description: 'Reservations managed by your organization (at most 500)' })
  tdmReservations(@CurrentActor() actor: Actor, @Args() args: ReservationsArgs) {
    return this.reservations.list(actor, args);
  }

  @Allow(...STAFF)
  @Mutation(() => Work)
  registerWork(@CurrentActor() actor: Actor, @Args('input') input: RegisterWorkInput) {
    return this.service.register(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Work)
  updateWork(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateWorkInput,
  ) {
    return this.service.update(actor, id, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Boolean)
  deleteWork(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.service.remove(actor, id);
  }

  @Allow(...STAFF)
  @Mutation(() => Reservation, { description: 'Sets the TDM reservation of a work or of all works of a creator' })
  setTdmReservation(@CurrentActor() actor: Actor, @Args('input') input: SetReservationInput) {
    return this.reservations.set(actor, input);
  }

  @Allow(...STAFF)
  @Mutation(() => Reservation)
  withdrawTdmReservation(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.reservations.withdraw(actor, id);
  }

  @ResolveField(() => Organization, { nullable: true })
  organization(@Parent() work: Work, @Context() context: GraphqlContext) {
    return loadOrganization(context, this.organizations, work.organizationId);
  }
}
