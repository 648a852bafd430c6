import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs, IsOptionalNotNull, OptionalText, TrimmedText } from '@chorus/core';
import { EmailStatus } from '../entities/person.entity';

const NOT_EMPTY = { message: 'must not be empty' };
const EMAIL = { message: 'must be an email address' };
// CSV exports join tags with ';' and imports split on it: a tag holding one would come back as two.
const NO_SEMICOLON_IN_TAGS = {
  each: true,
  message: 'must not contain ";" (it separates tags in CSV imports and exports)',
};

@InputType()
export class CreatePersonInput {
  @Field() @IsEmail({}, EMAIL) @MaxLength(320) email: string;
  @Field() @TrimmedText() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(200) firstName: string;
  @Field(() => String, { nullable: true, description: 'Trimmed; whitespace only is no last name (null)' })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lastName?: string | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(100, { each: true })
  @Matches(/^[^;]*$/, NO_SEMICOLON_IN_TAGS)
  tags?: string[];
  @Field(() => String, { nullable: true }) @OptionalText() @IsOptional() @IsString() @MaxLength(50) phone?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter country code (ISO 3166-1)' })
  @MaxLength(2)
  country?: string | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty disciplines' })
  @MaxLength(100, { each: true })
  disciplines?: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The consent text the person agreed to (recorded with source STAFF)',
  })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  consentText?: string | null;
}

@InputType()
export class UpdatePersonInput {
  @Field({ nullable: true }) @IsOptionalNotNull() @IsEmail({}, EMAIL) @MaxLength(320) email?: string;
  @Field({ nullable: true })
  @TrimmedText()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty(NOT_EMPTY)
  @MaxLength(200)
  firstName?: string;
  @Field(() => String, { nullable: true, description: 'Trimmed; whitespace only is no last name (null)' })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lastName?: string | null;
  @Field(() => [String], { nullable: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(100, { each: true })
  @Matches(/^[^;]*$/, NO_SEMICOLON_IN_TAGS)
  tags?: string[];
  @Field(() => String, { nullable: true }) @OptionalText() @IsOptional() @IsString() @MaxLength(50) phone?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be a two-letter country code (ISO 3166-1)' })
  @MaxLength(2)
  country?: string | null;
  @Field(() => [String], { nullable: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  disciplines?: string[];
  @Field(() => EmailStatus, { nullable: true }) @IsOptionalNotNull() @IsEnum(EmailStatus) emailStatus?: EmailStatus;
}

/** The contract's filter of `people`; also what exports and audiences reuse. */
@InputType()
export class PersonFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) tag?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
  @Field(() => EmailStatus, { nullable: true }) @IsOptional() @IsEnum(EmailStatus) emailStatus?: EmailStatus | null;
}

@ArgsType()
export class PeopleArgs extends ConnectionArgs {
  @Field(() => PersonFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonFilter)
  filter?: PersonFilter | null;
}
