import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum CampaignStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });

/** An open letter or petition people sign (signature counts are resolved by loaders). */
@Audited()
@Entity('campaigns')
@ObjectType('Campaign')
export class Campaign {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'text' }) slug: string;
  @Field() @Column({ type: 'text' }) title: string;
  @Field() @Column({ type: 'text' }) statement: string;
  @Field(() => CampaignStatus) @Column({ type: 'text', default: CampaignStatus.DRAFT }) status: CampaignStatus;
  @Field(() => Int, { nullable: true })
  @Column({ name: 'signature_goal', type: 'integer', nullable: true })
  signatureGoal: number | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;
  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
