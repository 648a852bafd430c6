import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { MailingStatus } from '../entities/mailing.entity';
import { AudienceInput } from './mailing.inputs';

@ArgsType()
export class MailingsArgs extends ConnectionArgs {
  @Field(() => MailingStatus, { nullable: true }) @IsOptional() @IsEnum(MailingStatus) status?: MailingStatus | null;
  @Field(() => ID, { nullable: true, description: 'Mailings of this member organization (staff: only their own)' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
}

/** A DRAFT's fields; left out = unchanged. A new audience replaces the old one whole. */
@InputType()
export class UpdateMailingInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name?: string;
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(300)
  subject?: string;
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100_000)
  bodyTemplate?: string;
  @Field(() => AudienceInput, { nullable: true })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => AudienceInput)
  audience?: AudienceInput;
}
