import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';

/**
 * Sets the reservation of one work (`workId`) or of every work of a creator (`creatorPersonId`,
 * with the managing `organizationId`). `attest: true` records that the organization attests on
 * the creator's behalf; otherwise the creator is asked to confirm by email.
 */
@InputType()
export class SetReservationInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a work id' }) workId?:
    string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a person id' })
  creatorPersonId?: string | null;
  @Field(() => ID, { nullable: true, description: 'For creator-wide reservations; ORG_STAFF default to their own' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
  @Field({ defaultValue: true }) @IsBoolean() tdmReserved: boolean;
  @Field({ defaultValue: false }) @IsBoolean() allowAiTraining: boolean;
  @Field({ defaultValue: false }) @IsBoolean() allowGenerativeAi: boolean;
  @Field({ defaultValue: true }) @IsBoolean() allowSearchIndexing: boolean;
  @Field(() => String, { nullable: true, description: 'Email address or URL to ask for a licence' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  licensingContact?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  @MaxLength(2048)
  policyUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today when left out' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'must be a valid date' })
  effectiveFrom?: string | null;
  @Field({
    defaultValue: false,
    description: "The organization attests on the creator's behalf instead of an email confirmation",
  })
  @IsBoolean()
  attest: boolean;
}

/** Filters of tdmReservations; ids are checked here so that PostgreSQL never sees a non-uuid. */
@ArgsType()
export class ReservationsArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a work id' }) workId?:
    string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a person id' })
  creatorPersonId?: string | null;
}
