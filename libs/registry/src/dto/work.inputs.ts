import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { WorkKind } from '../entities/work.entity';

const NOT_EMPTY = { message: 'must not be empty' };

/** Identifiers are checked (format and check digits) and normalized by the service. */
@InputType()
export class RegisterWorkInput {
  @Field(() => ID, { nullable: true, description: 'Managing member organization; ORG_STAFF default to their own' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
  @Field() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(500) title: string;
  @Field(() => WorkKind) @IsEnum(WorkKind, { message: 'must be a WorkKind' }) kind: WorkKind;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a person id' })
  creatorPersonId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  rightsHolderOrganizationId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isrc?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) iswc?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isbn?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isni?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2048) url?: string | null;
}

/** A field left out is unchanged; null clears a nullable one. */
@InputType()
export class UpdateWorkInput {
  @Field({ nullable: true }) @IsOptionalNotNull() @IsString() @IsNotEmpty(NOT_EMPTY) @MaxLength(500) title?: string;
  @Field(() => WorkKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(WorkKind, { message: 'must be a WorkKind' })
  kind?: WorkKind;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a person id' })
  creatorPersonId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  rightsHolderOrganizationId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isrc?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) iswc?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isbn?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) isni?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2048) url?: string | null;
}

@ArgsType()
export class WorksArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be a person id' })
  creatorPersonId?: string | null;
}
