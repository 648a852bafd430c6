import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsDate,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { PressReleaseStatus } from '../entities/press-release.entity';

const notEmpty = { message: 'must not be empty' };
const anId = (what: string) => ({ each: true, message: `must be ${what} ids` });

@InputType()
export class CreatePressContactInput {
  @Field() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) name: string;
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) outletName?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) beat?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() doNotContact?: boolean | null;
}

@ArgsType()
export class CreatePressListArgs {
  @Field() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) name: string;
  @Field(() => [ID]) @ArrayMaxSize(5000) @IsUUID('all', anId('press contact')) contactIds: string[];
}

@InputType()
export class CreatePressReleaseInput {
  @Field() @IsString() @IsNotEmpty(notEmpty) @MaxLength(300) title: string;
  @Field() @IsString() @IsNotEmpty(notEmpty) @MaxLength(100000) body: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', anId('organization'))
  organizationIds?: string[] | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID('all', anId('press list'))
  pressListIds?: string[] | null;
}

/** Left out: unchanged; null is refused (a release always has a title and a body; `[]` empties a list). */
@InputType()
export class UpdatePressReleaseInput {
  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(300)
  title?: string;
  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(100000)
  body?: string;
  @Field(() => [ID], { nullable: true })
  @IsOptionalNotNull()
  @ArrayMaxSize(100)
  @IsUUID('all', anId('organization'))
  organizationIds?: string[];
  @Field(() => [ID], { nullable: true })
  @IsOptionalNotNull()
  @ArrayMaxSize(100)
  @IsUUID('all', anId('press list'))
  pressListIds?: string[];
}

@ArgsType()
export class SchedulePressReleaseArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field(() => Date) @Type(() => Date) @IsDate({ message: 'must be a date-time' }) embargoUntil: Date;
}

@InputType()
export class UpdatePressContactInput {
  @Field({ nullable: true }) @IsOptionalNotNull() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) name?: string;
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  email?: string;
  @Field(() => String, { nullable: true, description: 'null removes the outlet' })
  @IsOptional()
  @IsString()
  @IsNotEmpty(notEmpty)
  @MaxLength(200)
  outletName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) beat?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptionalNotNull() @IsBoolean() doNotContact?: boolean;
}

@InputType()
export class UpdatePressListInput {
  @Field({ nullable: true }) @IsOptionalNotNull() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) name?: string;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5000)
  @IsUUID('all', anId('press contact'))
  addContactIds?: string[] | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5000)
  @IsUUID('all', anId('press contact'))
  removeContactIds?: string[] | null;
}

@ArgsType()
export class OutletsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
export class PressReleasesArgs extends ConnectionArgs {
  @Field(() => PressReleaseStatus, { nullable: true })
  @IsOptional()
  @IsEnum(PressReleaseStatus)
  status?: PressReleaseStatus | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
  @Field(() => Date, { nullable: true, description: 'Embargo lifting at or after this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  embargoFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Embargo lifting before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  embargoTo?: Date | null;
}
