import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/**
 * PENDING: waits for the creator's confirmation by email; CONFIRMED: the creator confirmed;
 * ATTESTED: the member organization attested on the creator's behalf (recorded with the user);
 * WITHDRAWN: no longer published. Only CONFIRMED and ATTESTED reservations are public.
 */
export enum ReservationStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  ATTESTED = 'ATTESTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ReservationStatus, { name: 'ReservationStatus' });

export const PUBLIC_RESERVATION_STATUSES = [ReservationStatus.CONFIRMED, ReservationStatus.ATTESTED];

/** A TDM reservation for one work (`workId`) or for every work of a creator (`creatorPersonId`). */
@Audited()
@Entity('registry_reservations')
@ObjectType('TdmReservation')
export class Reservation {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field(() => ID) @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Field(() => ID, { nullable: true }) @Column({ name: 'work_id', type: 'uuid', nullable: true }) workId: string | null;
  @Field(() => ID, { nullable: true, description: 'Set for a reservation covering all works of this creator' })
  @Column({ name: 'creator_person_id', type: 'uuid', nullable: true })
  creatorPersonId: string | null;
  @Field({ description: 'Text-and-data-mining rights are reserved (TDMRep tdm-reservation = 1)' })
  @Column({ name: 'tdm_reserved', type: 'boolean', default: true })
  tdmReserved: boolean;
  @Field({ description: 'AI training allowed (train-ai)' })
  @Column({ name: 'allow_ai_training', type: 'boolean', default: false })
  allowAiTraining: boolean;
  @Field({ description: 'Generative AI training allowed (train-genai)' })
  @Column({ name: 'allow_generative_ai', type: 'boolean', default: false })
  allowGenerativeAi: boolean;
  @Field({ description: 'Search indexing allowed (search)' })
  @Column({ name: 'allow_search_indexing', type: 'boolean', default: true })
  allowSearchIndexing: boolean;
  @Field(() => String, { nullable: true })
  @Column({ name: 'licensing_contact', type: 'text', nullable: true })
  licensingContact: string | null;
  @Field(() => String, { nullable: true, description: 'TDM policy URL (TDMRep tdm-policy)' })
  @Column({ name: 'policy_url', type: 'text', nullable: true })
  policyUrl: string | null;
  @Field({ description: 'Date the reservation takes effect (YYYY-MM-DD)' })
  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;
  @Field(() => ReservationStatus)
  @Column({ type: 'text', default: ReservationStatus.PENDING })
  status: ReservationStatus;
  @Field(() => Date, { nullable: true })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
  @Field(() => ID, { nullable: true, description: "The staff user who attested on the creator's behalf" })
  @Column({ name: 'attested_by_user_id', type: 'uuid', nullable: true })
  attestedByUserId: string | null;
  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Field(() => Date)
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' })
  updatedAt: Date;
}
