import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Organization } from '@chorus/organizations';
import { Campaign } from '../entities/campaign.entity';

@ObjectType()
export class CommitmentSummary {
  @Field(() => Organization) organization: Organization;
  @Field(() => Int) met: number;
  @Field(() => Int) atRisk: number;
  @Field(() => Int) total: number;
}

@ObjectType()
export class CoalitionDashboard {
  @Field(() => [CommitmentSummary]) commitments: CommitmentSummary[];
  @Field(() => [Campaign]) campaigns: Campaign[];
}
