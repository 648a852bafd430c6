import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum OrganizationKind {
  UNION = 'UNION',
  GUILD = 'GUILD',
  TRADE_ASSOCIATION = 'TRADE_ASSOCIATION',
  LABEL = 'LABEL',
  PUBLISHER = 'PUBLISHER',
  NGO = 'NGO',
  OTHER = 'OTHER',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

/** Where an organization stands in the coalition. */
export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  PENDING = 'PENDING',
  SUSPENDED = 'SUSPENDED',
  LEFT = 'LEFT',
}
registerEnumType(MembershipStatus, { name: 'CoalitionMembershipStatus' });

/** A member organization of the coalition (union, guild, trade association …). */
@Audited()
@Entity('organizations')
@ObjectType('Organization')
export class Organization {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' })
  id: string;

  @Field() @Column({ type: 'text' }) name: string;
  @Field(() => OrganizationKind) @Column({ type: 'text' }) kind: OrganizationKind;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) website: string | null;

  @Field(() => MembershipStatus)
  @Column({ name: 'membership_status', type: 'text', default: MembershipStatus.ACTIVE })
  membershipStatus: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Date the organization joined the coalition (YYYY-MM-DD)' })
  @Column({ name: 'joined_on', type: 'date', nullable: true })
  joinedOn: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
