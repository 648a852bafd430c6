import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

export enum WorkKind {
  SOUND_RECORDING = 'SOUND_RECORDING',
  COMPOSITION = 'COMPOSITION',
  SCREENPLAY = 'SCREENPLAY',
  BOOK = 'BOOK',
  VOICE = 'VOICE',
  LIKENESS = 'LIKENESS',
  OTHER = 'OTHER',
}
registerEnumType(WorkKind, { name: 'WorkKind' });

/**
 * A registered work, held by a creator (person) and/or a rights-holder organization, managed by
 * one member organization (`organizationId`, the scope of ORG_STAFF). Identifiers are normalized.
 */
@Audited()
@Entity('registry_works')
@ObjectType('Work')
export class Work {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field(() => ID, { description: 'The member organization that registered and manages the work' })
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;
  @Field(() => ID, { nullable: true })
  @Column({ name: 'creator_person_id', type: 'uuid', nullable: true })
  creatorPersonId: string | null;
  @Field(() => ID, { nullable: true })
  @Column({ name: 'rights_holder_organization_id', type: 'uuid', nullable: true })
  rightsHolderOrganizationId: string | null;
  @Field() @Column({ type: 'text' }) title: string;
  @Field(() => WorkKind) @Column({ type: 'text' }) kind: WorkKind;
  @Field(() => String, { nullable: true, description: 'Normalized: uppercase, no hyphens' })
  @Column({ type: 'text', nullable: true })
  isrc: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) iswc: string | null;
  @Field(() => String, { nullable: true, description: 'ISBN-13 (an ISBN-10 is converted)' })
  @Column({ type: 'text', nullable: true })
  isbn: string | null;
  @Field(() => String, { nullable: true, description: 'ISNI of the creator' })
  @Column({ type: 'text', nullable: true })
  isni: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) url: string | null;
  @Field(() => Date) @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Field(() => Date)
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' })
  updatedAt: Date;
}
