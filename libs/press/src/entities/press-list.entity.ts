import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/** A named list of press contacts ("Tech & Culture reporters"); members in press_list_contacts. */
@Audited()
@Entity('press_lists')
@ObjectType('PressList')
export class PressList {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'text' }) name: string;
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true }) createdByUserId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
