import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MembershipRole } from '../entities/membership.entity';

@InputType()
export class AddMembershipInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be a person id' }) personId: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be an organization id' }) organizationId: string;
  @Field(() => MembershipRole) @IsEnum(MembershipRole) role: MembershipRole;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) memberNumber?: string | null;
}
