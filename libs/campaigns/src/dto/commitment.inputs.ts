import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsDate,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinDate,
} from 'class-validator';
import { IsOptionalNotNull } from '@chorus/core';
import { CommitmentKind } from '../entities/commitment.entity';

@InputType()
export class CreateCommitmentInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an organization id' }) organizationId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
  @Field(() => CommitmentKind) @IsEnum(CommitmentKind) kind: CommitmentKind;
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(2000) description: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive number' })
  @Max(100_000_000)
  target?: number | null;
  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: 'must be a date-time' })
  @MinDate(() => new Date(), { message: 'must be in the future' })
  dueAt?: Date | null;
}

@ArgsType()
export class CommitmentsArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be a campaign id' }) campaignId?:
    string | null;
}

@ArgsType()
export class UpdateCommitmentProgressArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be a commitment id' }) id: string;
  @Field(() => Int) @IsInt() @Min(0, { message: 'must not be negative' }) @Max(100_000_000) progress: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

/** Fields left out stay; null clears target or dueAt (a recruitment commitment keeps a target). */
@InputType()
export class UpdateCommitmentInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(2000)
  description?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be a positive number' })
  @Max(100_000_000)
  target?: number | null;
  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: 'must be a date-time' })
  @MinDate(() => new Date(), { message: 'must be in the future' })
  dueAt?: Date | null;
}
