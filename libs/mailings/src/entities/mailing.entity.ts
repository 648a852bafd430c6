import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum MailingStatus {
  DRAFT = 'DRAFT',
  SCHEDULED = 'SCHEDULED',
  SENDING = 'SENDING',
  PAUSED = 'PAUSED',
  SENT = 'SENT',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
}
registerEnumType(MailingStatus, { name: 'MailingStatus' });

export enum DeliveryStatus {
  QUEUED = 'QUEUED',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SUPPRESSED = 'SUPPRESSED',
  BOUNCED = 'BOUNCED',
  /** Never delivered because the mailing was cancelled first (not tried, or its retry given up): not a failure. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  valuesMap: {
    CANCELLED: {
      description:
        'The mailing was cancelled before this recipient got the message (never tried, or a retry given up); counted in `MailingStats.cancelled`, not `failed`.',
    },
  },
});

/** The saved audience filter, as stored (ids validated when the mailing is created). */
export interface Audience {
  campaignId?: string | null;
  verifiedOnly?: boolean | null;
  organizationIds?: string[] | null;
  tags?: string[] | null;
  pressListIds?: string[] | null;
}

@ObjectType('MailingStats')
export class MailingStats {
  @Field(() => Int) recipients: number;
  @Field(() => Int) queued: number;
  @Field(() => Int) sent: number;
  @Field(() => Int) failed: number;
  @Field(() => Int) suppressed: number;
  @Field(() => Int) bounced: number;
  @Field(() => Int, {
    description:
      'Recipients a cancel stopped before they got the message (deliveries CANCELLED); not in `failed`. `recipients` is the sum of every count.',
  })
  cancelled: number;
}

/** A templated email to an audience; its deliveries record what happened per recipient. */
@Audited()
@Entity('mailings')
@ObjectType('Mailing')
export class Mailing {
  @Field(() => ID)
  @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' })
  id: string;

  @Field() @Column({ type: 'text' }) name: string;
  @Field() @Column({ type: 'text' }) subject: string;
  @Field() @Column({ name: 'body_template', type: 'text' }) bodyTemplate: string;
  @Column({ type: 'jsonb' }) audience: Audience;
  @Field(() => MailingStatus) @Column({ type: 'text', default: MailingStatus.DRAFT }) status: MailingStatus;
  @Column({ name: 'owner_organization_id', type: 'uuid', nullable: true }) ownerOrganizationId: string | null;
  @Column({ name: 'press_only', type: 'boolean', default: false }) pressOnly: boolean;
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true }) createdByUserId: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Why the worker paused the mailing by itself (e.g. the SMTP relay refused most recipients); null when a user paused it.',
  })
  @Column({ name: 'paused_reason', type: 'text', nullable: true })
  pausedReason: string | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
