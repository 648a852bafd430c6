import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptionalNotNull, OptionalText } from '@chorus/core';
import { MembershipRole } from '../entities/membership.entity';

const PERSON_ID = { message: 'must be a person id' };
const ORGANIZATION_ID = { message: 'must be an organization id' };

@InputType()
export class AddMembershipInput {
  @Field(() => ID) @IsUUID('all', PERSON_ID) personId: string;
  @Field(() => ID) @IsUUID('all', ORGANIZATION_ID) organizationId: string;
  @Field(() => MembershipRole) @IsEnum(MembershipRole) role: MembershipRole;
  @Field(() => String, { nullable: true })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  memberNumber?: string | null;
}

/** Which membership: a person has at most one per organization. */
@ArgsType()
export class MembershipKeyArgs {
  @Field(() => ID) @IsUUID('all', PERSON_ID) personId: string;
  @Field(() => ID) @IsUUID('all', ORGANIZATION_ID) organizationId: string;
}

@InputType()
export class UpdateMembershipInput {
  @Field(() => MembershipRole, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(MembershipRole)
  role?: MembershipRole;
  @Field(() => String, { nullable: true, description: 'null (or only whitespace) clears it' })
  @OptionalText()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  memberNumber?: string | null;
}
