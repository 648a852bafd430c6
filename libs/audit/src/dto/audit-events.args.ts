import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConnectionArgs } from '@chorus/core';

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only changes made by this user' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a user id' })
  actorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only this kind of record (the table name, e.g. press_contacts)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entity?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only this record' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Events at or after this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be a date-time' })
  to?: Date | null;
}
