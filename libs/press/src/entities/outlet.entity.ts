import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Audited } from '@chorus/audit';

/** A newspaper, broadcaster or site that press contacts write for. */
@Audited()
@Entity('outlets')
@ObjectType('Outlet')
export class Outlet {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'text' }) name: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
