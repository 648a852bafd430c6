import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { Role } from '@chorus/core';
import { User } from '../entities/user.entity';

@InputType()
export class CreateUserInput {
  @Field() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(320) email: string;
  @Field() @IsString() @IsNotEmpty({ message: 'must not be empty' }) @MaxLength(200) name: string;
  @Field() @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) @MaxLength(200) password: string;
  @Field(() => Role) @IsEnum(Role) role: Role;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id' })
  organizationId?: string | null;
}

@ObjectType()
export class AuthPayload {
  @Field() accessToken: string;
  @Field(() => User) user: User;
}
