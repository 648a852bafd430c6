import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum MembershipRole {
  MEMBER = 'MEMBER',
  STAFF = 'STAFF',
  LEADERSHIP = 'LEADERSHIP',
}
registerEnumType(MembershipRole, { name: 'MembershipRole' });

/** Links a person to a member organization (the `organization` field is resolved by a loader). */
@Audited()
@Entity('memberships')
@ObjectType('Membership')
export class Membership {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Field(() => MembershipRole) @Column({ type: 'text' }) role: MembershipRole;
  @Field(() => String, { nullable: true })
  @Column({ name: 'member_number', type: 'text', nullable: true })
  memberNumber: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
