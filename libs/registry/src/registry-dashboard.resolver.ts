import { Field, Int, ObjectType, ResolveField, Resolver } from '@nestjs/graphql';
import { CoalitionDashboard } from '@chorus/campaigns';
import { Organization, OrganizationsService } from '@chorus/organizations';
import { WorksService } from './works.service';

@ObjectType()
export class RegistrySummary {
  @Field(() => Organization) organization: Organization;
  @Field(() => Int) works: number;
  @Field(() => Int, { description: 'Published (confirmed or attested) TDM reservations' }) reservations: number;
  @Field(() => Int, { description: "Reservations waiting for the creator's confirmation" }) pendingReservations: number;
}

/** Adds the registry's counts per organization to the coalition dashboard (an added field). */
@Resolver(() => CoalitionDashboard)
export class RegistryDashboardResolver {
  constructor(
    private readonly works: WorksService,
    private readonly organizations: OrganizationsService,
  ) {}

  @ResolveField(() => [RegistrySummary])
  async registry(): Promise<RegistrySummary[]> {
    const counts = await this.works.countsByOrganization();
    const organizations = await this.organizations.byIds([...counts.keys()]);
    organizations.sort((a, b) => a.name.localeCompare(b.name));
    return organizations.map((organization) => {
      const c = counts.get(organization.id)!;
      return { organization, works: c.works, reservations: c.reservations, pendingReservations: c.pending };
    });
  }
}
