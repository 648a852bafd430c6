import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { ConnectionArgs, IsOptionalNotNull } from '@chorus/core';
import { TaskKind, TaskStatus } from '../entities/outreach-task.entity';

const anId = (what: string) => ({ message: `must be ${what} id` });

@InputType()
export class CreateOutreachTaskInput {
  @Field(() => TaskKind) @IsEnum(TaskKind) kind: TaskKind;
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(300) title: string;
  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  dueAt?: Date | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a user')) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a person')) personId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('an organization')) organizationId?:
    string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a press contact')) pressContactId?:
    string | null;
}

@ArgsType()
export class OutreachTasksArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a user')) assigneeId?: string | null;
  @Field(() => TaskStatus, { nullable: true }) @IsOptional() @IsEnum(TaskStatus) status?: TaskStatus | null;
}

@ArgsType()
export class CompleteOutreachTaskArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) outcome?: string | null;
}

/**
 * Fields left out stay. `dueAt` reschedules (the reminder and the calendar follow), `assigneeId`
 * reassigns (null: nobody); a target field sent replaces the task's one target (null clears it).
 */
@InputType()
export class UpdateOutreachTaskInput {
  @Field(() => TaskKind, { nullable: true }) @IsOptionalNotNull() @IsEnum(TaskKind) kind?: TaskKind;
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(300)
  title?: string;
  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  dueAt?: Date | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a user')) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a person')) personId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('an organization')) organizationId?:
    string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', anId('a press contact')) pressContactId?:
    string | null;
}

@ArgsType()
export class CancelOutreachTaskArgs {
  @Field(() => ID) @IsString() @MaxLength(100) id: string;
  @Field(() => String, { nullable: true, description: 'Kept as the outcome' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reason?: string | null;
}
