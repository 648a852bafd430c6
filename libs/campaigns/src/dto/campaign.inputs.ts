import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { SignatureVerification } from '../entities/signature.entity';

const NOT_EMPTY = { message: 'must not be empty' };
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@InputType()
export class CreateCampaignInput {
  @Field()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'must be lowercase letters, digits and single hyphens (no spaces)' })
  @MaxLength(100)
  slug: string;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(300) title: string;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(20000) statement: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive number' })
  @Max(100_000_000)
  signatureGoal?: number | null;
}

/** Fields left out stay; signatureGoal null removes the goal. The slug never changes (it is in public links). */
@InputType()
export class UpdateCampaignInput {
  @Field({ nullable: true }) @IsOptionalNotNull() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(300) title?: string;
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty(NOT_EMPTY)
  @MaxLength(20000)
  statement?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive number' })
  @Max(100_000_000)
  signatureGoal?: number | null;
}

@InputType()
export class RecordSignatureInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be a campaign id' }) campaignId: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be a person id' }) personId: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  recruitedByOrganizationId?: string | null;
  @Field() @IsBoolean() publicDisplay: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) displayTitle?: string | null;
}

@InputType()
export class SignCampaignInput {
  @Field() @IsString() @Matches(SLUG_PATTERN, { message: 'must be a campaign slug' }) @MaxLength(100) slug: string;
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(200) firstName: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) lastName?: string | null;
  @Field() @IsBoolean() publicDisplay: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) displayTitle?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  recruitedByOrganizationId?: string | null;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(5000) consentText: string;
}

@ArgsType()
export class SignaturesArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
  @Field(() => SignatureVerification, { nullable: true })
  @IsOptional()
  @IsEnum(SignatureVerification)
  verification?: SignatureVerification | null;
  @Field(() => ID, { nullable: true, description: 'Signatures recruited by this organization (staff: only their own)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  recruitedByOrganizationId?: string | null;
}

@ArgsType()
export class PublicSignatoriesArgs extends ConnectionArgs {
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(100) slug: string;
}
