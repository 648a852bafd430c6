import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const NOT_EMPTY = { message: 'must not be empty' };

/**
 * The campaign tie-in: a signer of an active campaign asks the organization that recruited them
 * to register a reservation of all their works. Published only once they confirm by email.
 */
@InputType()
export class CampaignReservationInput {
  @Field()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a campaign slug' })
  @MaxLength(100)
  slug: string;
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(200) firstName: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) lastName?: string | null;
  @Field(() => ID, { description: 'The member organization that will manage the reservation' })
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId: string;
  @Field({ defaultValue: false }) @IsBoolean() allowAiTraining: boolean;
  @Field({ defaultValue: false }) @IsBoolean() allowGenerativeAi: boolean;
  @Field({ defaultValue: true }) @IsBoolean() allowSearchIndexing: boolean;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(5000) consentText: string;
}
