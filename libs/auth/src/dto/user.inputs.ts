import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ConnectionArgs, IsOptionalNotNull, Role } from '@chorus/core';

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(200)
  name?: string;
  @Field(() => Role, { nullable: true }) @IsOptionalNotNull() @IsEnum(Role) role?: Role;
  @Field(() => ID, {
    nullable: true,
    description: 'Required for ORG_STAFF; null detaches the user from their organization',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
}

@InputType()
export class UserFilter {
  @Field(() => Role, { nullable: true }) @IsOptional() @IsEnum(Role) role?: Role;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string;
  @Field({ nullable: true, description: 'true: active users only; false: deactivated ones only' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @Field({ nullable: true, description: 'Part of the name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserFilter)
  filter?: UserFilter;
}
