import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum PressReleaseStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
  SCHEDULED = 'SCHEDULED',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PressReleaseStatus, { name: 'PressReleaseStatus' });

/**
 * A press release. This row is the truth about its state and embargo: the delayed job in Redis
 * only wakes the worker, which re-reads the row before doing anything.
 */
@Audited()
@Entity('press_releases')
@ObjectType('PressRelease')
export class PressRelease {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'text' }) title: string;
  @Field() @Column({ type: 'text' }) body: string;
  @Field(() => PressReleaseStatus)
  @Column({ type: 'text', default: PressReleaseStatus.DRAFT })
  status: PressReleaseStatus;
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true }) campaignId: string | null;
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true }) authorUserId: string | null;
  @Column({ name: 'approved_by_user_id', type: 'uuid', nullable: true }) approvedByUserId: string | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'embargo_until', type: 'timestamptz', nullable: true })
  embargoUntil: Date | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
