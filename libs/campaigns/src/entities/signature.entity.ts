import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum SignatureVerification {
  UNVERIFIED = 'UNVERIFIED',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}
registerEnumType(SignatureVerification, { name: 'SignatureVerification' });

export enum SignatureChannel {
  STAFF = 'STAFF',
  PUBLIC = 'PUBLIC',
  IMPORT = 'IMPORT',
}
registerEnumType(SignatureChannel, { name: 'SignatureChannel' });

/** A person's signature on a campaign (campaign, person, recruitedBy are resolved by loaders). */
@Audited()
@Entity('signatures')
@ObjectType('Signature')
export class Signature {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId: string;
  @Field(() => Date) @Column({ name: 'signed_at', type: 'timestamptz', default: () => 'now()' }) signedAt: Date;
  @Field(() => SignatureChannel) @Column({ type: 'text' }) channel: SignatureChannel;
  @Column({ name: 'recruited_by_organization_id', type: 'uuid', nullable: true }) recruitedByOrganizationId:
    string | null;
  @Field() @Column({ name: 'public_display', type: 'boolean', default: false }) publicDisplay: boolean;
  @Field(() => String, { nullable: true })
  @Column({ name: 'display_title', type: 'text', nullable: true })
  displayTitle: string | null;
  @Field(() => SignatureVerification)
  @Column({ type: 'text', default: SignatureVerification.UNVERIFIED })
  verification: SignatureVerification;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;
  @Column({ name: 'verified_by_user_id', type: 'uuid', nullable: true }) verifiedByUserId: string | null;
  @Field(() => String, { nullable: true, description: 'The consent text the signer agreed to' })
  @Column({ name: 'consent_text', type: 'text', nullable: true })
  consentText: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the signer followed the confirmation link (public sign-ups)',
  })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
  /** When the confirmation email went out (public sign-ups); null while due, so a reconciler re-sends what Redis lost. */
  @Column({ name: 'confirmation_sent_at', type: 'timestamptz', nullable: true }) confirmationSentAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
