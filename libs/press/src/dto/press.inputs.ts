import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsDate, IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';

const notEmpty = { message: 'must not be empty' };
const anId = (what: string) => ({ each: true, message: `must be ${what} ids` });

@InputType()
export class CreatePressContactInput {
  @Field() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) name: string;
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @IsNotEmpty(notEmpty) @MaxLength(200) outletName?: string | null;
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
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?: string | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', anId('organization')) organizationIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', anId('press list')) pressListIds?: string[] | null;
}

@InputType()
export class UpdatePressReleaseInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @IsNotEmpty(notEmpty) @MaxLength(300) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @IsNotEmpty(notEmpty) @MaxLength(100000) body?: string | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', anId('organization')) organizationIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @IsUUID('all', anId('press list')) pressListIds?: string[] | null;
}

@ArgsType()
export class SchedulePressReleaseArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field(() => Date) @Type(() => Date) @IsDate({ message: 'must be a date-time' }) embargoUntil: Date;
}
