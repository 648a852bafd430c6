import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/** A journalist. `doNotContact` keeps them out of every release and mailing. */
@Audited()
@Entity('press_contacts')
@ObjectType('PressContact')
export class PressContact {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'text' }) name: string;
  @Field() @Column({ type: 'citext' }) email: string;
  @Column({ name: 'outlet_id', type: 'uuid', nullable: true }) outletId: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) beat: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) @Column({ type: 'text', nullable: true }) notes: string | null;
  @Field() @Column({ name: 'do_not_contact', type: 'boolean', default: false }) doNotContact: boolean;
  /** Set when deleted: the row stays, anonymized, for the records of what was already sent to it. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
