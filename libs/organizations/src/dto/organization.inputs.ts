import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { MembershipStatus, OrganizationKind } from '../entities/organization.entity';
import { NormalizedName } from '../organization-name';

@InputType()
export class CreateOrganizationInput {
  @Field({ description: 'Stored trimmed, with every run of whitespace one space' })
  @NormalizedName()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name: string;
  @Field(() => OrganizationKind) @IsEnum(OrganizationKind) kind: OrganizationKind;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'must be a URL starting with http:// or https://' })
  @MaxLength(500)
  website?: string | null;
  @Field(() => MembershipStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(MembershipStatus)
  membershipStatus?: MembershipStatus;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'must be a date (YYYY-MM-DD)' })
  joinedOn?: string | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field({ nullable: true, description: 'Stored trimmed, with every run of whitespace one space' })
  @NormalizedName()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name?: string;
  @Field(() => OrganizationKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(OrganizationKind)
  kind?: OrganizationKind;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true }, { message: 'must be a URL starting with http:// or https://' })
  @MaxLength(500)
  website?: string | null;
  @Field(() => MembershipStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(MembershipStatus)
  membershipStatus?: MembershipStatus;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'must be a date (YYYY-MM-DD)' })
  joinedOn?: string | null;
}

@ArgsType()
export class OrganizationsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) search?: string;
}
