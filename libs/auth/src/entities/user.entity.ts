import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '@chorus/core';
import { Audited } from '@chorus/audit';

/** A staff user who signs in: coalition admin, union staff or press officer. */
@Audited({ exclude: ['passwordHash', 'calendarToken'] })
@Entity('users')
@ObjectType('User')
export class User {
  @Field(() => ID) @PrimaryColumn({ type: 'uuid', default: () => 'chorus_uuid_v7()' }) id: string;
  @Field() @Column({ type: 'citext' }) email: string;
  @Field() @Column({ type: 'text' }) name: string;
  @Field(() => Role) @Column({ type: 'text' }) role: Role;
  @Column({ name: 'organization_id', type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ name: 'calendar_token', type: 'text' }) calendarToken: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()', onUpdate: 'now()' }) updatedAt: Date;
}
