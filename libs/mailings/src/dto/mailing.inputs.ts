import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

@InputType()
export class AudienceInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id' })
  @MaxLength(36)
  campaignId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() verifiedOnly?: boolean | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  @MaxLength(36, { each: true })
  organizationIds?: string[] | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(100, { each: true })
  tags?: string[] | null;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'must be a list of ids' })
  @MaxLength(36, { each: true })
  pressListIds?: string[] | null;
}

@InputType()
export class CreateMailingInput {
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(200) name: string;
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(300) subject: string;
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(100_000) bodyTemplate: string;
  @Field(() => AudienceInput) @ValidateNested() @Type(() => AudienceInput) audience: AudienceInput;
}

@ArgsType()
export class DeliveryStatusArgs {
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
}
