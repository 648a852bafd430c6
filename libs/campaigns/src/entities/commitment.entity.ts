import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum CommitmentKind {
  RECRUIT_SIGNATORIES = 'RECRUIT_SIGNATORIES',
  CO_SIGN_RELEASE = 'CO_SIGN_RELEASE',
  AMPLIFY = 'AMPLIFY',
  FUNDING = 'FUNDING',
  CUSTOM = 'CUSTOM',
}
registerEnumType(CommitmentKind, { name: 'CommitmentKind' });

export enum CommitmentStatus {
  PLEDGED = 'PLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  MET = 'MET',
  MISSED = 'MISSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus' });

/**
 * What a member organization pledged. `progress` is not a column: the service fills it in
 * (live count of verified recruited signatures, or the last manual update).
 */
@Audited()
@Entity('commitments')
@ObjectType('Commitment')
export class Commitment {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;
  @Field(() => CommitmentKind) @Column({ type: 'text' }) kind: CommitmentKind;
  @Field() @Column({ type: 'text' }) description: string;
  @Field(() => Int, { nullable: true }) @Column({ type: 'integer', nullable: true }) target: number | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;
  @Field(() => CommitmentStatus) @Column({ type: 'text', default: CommitmentStatus.PLEDGED }) status: CommitmentStatus;
  @Column({ name: 'manual_progress', type: 'integer', default: 0 }) manualProgress: number;
  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;

  @Field(() => Int, {
    description:
      'RECRUIT_SIGNATORIES: verified signatures recruited by the organization; others: the last manual update',
  })
  progress: number;
}
